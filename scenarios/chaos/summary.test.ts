import { describe, expect, it } from 'vitest';
import { buildRunHistory } from '../../invariants/test-helpers';
import type { Verdict } from '../../invariants/verdict';
import { renderDocumentMarkdown } from '../../reports/document-markdown';
import { aVerdict } from '../../reports/test-helpers';
import { CHAOS_CATALOG as CATALOG } from './catalog';
import type { ScenarioOutcome } from './run-scenario';
import { buildChaosSummary } from './summary';

const [first, second] = CATALOG as [(typeof CATALOG)[0], (typeof CATALOG)[0]];

function anOutcome(
  scenario: (typeof CATALOG)[0],
  verdicts: Verdict[],
  recovery: 'drained' | 'not run' = 'drained',
): ScenarioOutcome {
  const history = buildRunHistory();
  const drained = recovery === 'drained' ? true : undefined;
  const valid = drained === undefined ? 'unknown' : !verdicts.some((v) => v.valid === false);
  return {
    scenario,
    history,
    verdicts,
    valid,
    faultWindow: { from: history.samples[0]?.time ?? 0, to: (history.samples[0]?.time ?? 0) + 2_000 },
    proxyStats: { dynamodb: { forwarded: 10, throttled: 3 } },
    drained,
    failedSteps: [],
    startedAt: history.samples[0]?.time ?? 0,
  } as ScenarioOutcome;
}

const held = aVerdict({ summary: 'ok' });
const broken = aVerdict({
  id: 'I3',
  valid: false,
  summary: '1 reversal',
  counterexamples: [{ requestId: 'r' }],
});

function summary(outcomes: ScenarioOutcome[], valid: boolean) {
  return buildChaosSummary({
    runId: 'chaos-20261122T021500Z',
    command: 'SEED=7 make chaos',
    seed: 7,
    startedAt: 0,
    finishedAt: 60_000,
    outcomes: outcomes.map((outcome) => ({
      outcome,
      folder: `chaos-20261122T021500Z-${outcome.scenario.name}`,
    })),
    valid,
    parameters: { users: 50 },
    environment: { node: 'v22' },
  });
}

describe('buildChaosSummary', () => {
  it('gives one verdict per scenario (one junit test case each) and one small timeline per scenario', () => {
    const doc = summary([anOutcome(first, [held]), anOutcome(second, [held, broken])], false);

    expect(doc.verdicts.map((v) => [v.id, v.valid])).toEqual([
      [first.name, true],
      [second.name, false],
    ]);
    expect(doc.verdicts[1]?.summary).toBe('I3 FAIL: 1 reversal');
    expect(doc.headline).toBe(
      `FAIL — 1 of 2 scenario(s) broke or could not decide an invariant: ${second.name}.`,
    );
    expect(doc.charts.map((c) => c.name)).toEqual(['scenarios']);
  });

  it('says a scenario the system could not take was not run, not that its queue failed to drain', () => {
    const notRun: Verdict = { ...held, id: 'fault', valid: 'unknown', summary: 'no fault proxy' };
    const md = renderDocumentMarkdown(summary([anOutcome(first, [notRun], 'not run')], false));

    expect(md).toContain('| not run | UNKNOWN |');
    expect(md).not.toContain('**no**');
  });

  it('links every scenario to its own report and lists the proxies’ counters', () => {
    const md = renderDocumentMarkdown(summary([anOutcome(first, [held])], true));

    expect(md).toContain(`[${first.name}](../chaos-20261122T021500Z-${first.name}/report.html)`);
    expect(md).toContain(`| ${first.name} | dynamodb | forwarded 10, throttled 3 |`);
    expect(md).toContain('Seed: `7`');
  });
});
