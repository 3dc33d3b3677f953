import { describe, expect, it } from 'vitest';
import { buildRunHistory } from '../../invariants/test-helpers';
import { emptyFaultProxyStats, type FaultProxyStats } from '../../stack/embedded/fault-proxy';
import { CHAOS_CATALOG } from './catalog';
import { judgeExpectations, type NemesisEvidence } from './expectations';

const quiet: FaultProxyStats = { ...emptyFaultProxyStats(), forwarded: 40 };
const evidence = (
  patch: Partial<FaultProxyStats> = {},
  rest: Partial<NemesisEvidence> = {},
): NemesisEvidence => ({
  proxy: { 'ingest->dynamodb': { ...quiet, ...patch }, 'worker->dynamodb': quiet },
  crashReached: false,
  kills: 0,
  ...rest,
});

describe('the fault verdict', () => {
  const history = buildRunHistory();

  it('holds when the fault did what the scenario expects', () => {
    const verdict = judgeExpectations(
      [{ kind: 'proxy', counter: 'conflicts', atLeast: 1 }],
      evidence({ conflicts: 3 }),
      history,
    );
    expect(verdict.valid).toBe(true);
    expect(verdict.counts['proxy conflicts']).toBe(3);
  });

  it('is unknown, never a pass, when the fault never fired, with the counters as evidence', () => {
    const verdict = judgeExpectations(
      [{ kind: 'proxy', counter: 'droppedAnswers', atLeast: 1 }, { kind: 'crash-reached' }],
      evidence(),
      history,
    );
    expect(verdict.valid).toBe('unknown');
    expect(verdict.summary).toContain('proxy droppedAnswers: 0 (expected at least 1)');
    expect(verdict.summary).toContain('crash point reached: 0');
    expect(verdict.counterexamples[0]).toMatchObject({ proxy: { 'ingest->dynamodb': { forwarded: 40 } } });
  });

  it('counts kills, 503 answers, takeovers and dead letters from the run', () => {
    const verdict = judgeExpectations(
      [
        { kind: 'kills', atLeast: 2 },
        { kind: 'http-status', status: 503, atLeast: 1 },
        { kind: 'takeovers', atLeast: 1 },
        { kind: 'dead-letters', atLeast: 1 },
      ],
      evidence({}, { kills: 2 }),
      buildRunHistory({ poisonUsers: 1 }),
    );
    expect(verdict.counts).toMatchObject({
      'processes killed': 2,
      'HTTP 503 answers': 0,
      'lease takeovers': 0,
      'dead letters': 1,
    });
    expect(verdict.valid).toBe('unknown');
  });

  it('is unknown for a scenario that declares nothing', () => {
    expect(judgeExpectations([], evidence(), history).valid).toBe('unknown');
  });

  it('is declared by every scenario of the catalog', () => {
    for (const scenario of CHAOS_CATALOG) expect(scenario.expects.length, scenario.name).toBeGreaterThan(0);
  });
});
