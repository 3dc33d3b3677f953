import { describe, expect, it } from 'vitest';
import { measureFairness } from '../invariants/fairness';
import { buildSyntheticHistory } from '../invariants/synthetic-history';
import { renderFairnessSection } from './fairness-section';

describe('renderFairnessSection', () => {
  it('shows the counts, the rate and the worst pairs of a run with inversions', () => {
    const measure = measureFairness(
      buildSyntheticHistory({ requests: 400, capacity: 40, reorderWindow: 30 }),
    );

    const { markdown } = renderFairnessSection(measure);

    expect(measure.inversions).toBeGreaterThan(0);
    expect(markdown).toContain(measure.comparablePairs.toLocaleString('en-US'));
    expect(markdown).toContain('no bound configured');
    expect(markdown).toContain(measure.worstPairs[0]?.rejected.requestId ?? 'missing');
  });

  it('says above the bound when the rate exceeds it, and unknown with nothing to compare', () => {
    const measure = measureFairness(
      buildSyntheticHistory({ requests: 400, capacity: 40, reorderWindow: 30 }),
    );

    expect(renderFairnessSection(measure, 0).markdown).toContain('above the bound');
    expect(renderFairnessSection({ ...measure, comparablePairs: 0 }).markdown).toMatch(/^Unknown/);
  });
});
