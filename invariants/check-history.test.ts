import { describe, expect, it } from 'vitest';
import { compareWithRun, formatRunComparison } from './check-history';

describe('compareWithRun', () => {
  const run = [
    { id: 'steps', valid: true as const },
    { id: 'I1', valid: true as const },
    { id: 'I8s', valid: true as const },
  ];

  it('is the same when every check both judged answers alike and none is new', () => {
    const comparison = compareWithRun(run, run.slice(0, 2));

    expect(comparison).toEqual({ same: true, changed: [], onlyInRun: ['I8s'], onlyNow: [] });
    expect(formatRunComparison(comparison)).toBe(
      'run: the same verdicts as the run; judged by the run only (not from the history): I8s',
    );
  });

  it('names each check that changed its answer, and each the run did not judge', () => {
    const now = [
      { id: 'steps', valid: true as const },
      { id: 'I1', valid: 'unknown' as const },
      { id: 'I16', valid: false as const },
    ];

    const comparison = compareWithRun(run, now);

    expect(comparison).toEqual({
      same: false,
      changed: [{ id: 'I1', run: true, now: 'unknown' }],
      onlyInRun: ['I8s'],
      onlyNow: ['I16'],
    });
  });
});
