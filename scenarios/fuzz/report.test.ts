import { describe, expect, it } from 'vitest';
import { buildFuzzReport } from './report';

const counts = {
  seed: 3,
  requests: 600,
  durationMs: 2_000,
  byStatus: { '400': 500, '401': 99, '500': 1 },
  byRoute: {},
  byAnswer: { '400 BAD_REQUEST': 500, '401 UNAUTHORIZED': 99 },
  unexpected: 1,
  non4xx: [],
  nonJsonErrors: [],
  noAnswer: [],
};

describe('buildFuzzReport', () => {
  it('makes the four checks its verdicts and charts the answers, a 5xx in red', () => {
    const doc = buildFuzzReport({
      runId: 'fuzz-20261122T021500Z',
      startedAt: 0,
      finishedAt: 2_000,
      command: 'FUZZ_SEED=3 FUZZ_RUNS=600 npx tsx scenarios/fuzz/main.ts --profile ci',
      seed: 3,
      parameters: { runs: 600 },
      environment: {},
      counts,
      summaryText: 'HTTP fuzz: 600 requests',
      changes: [],
      checks: { 'every answer a 4xx with JSON { code, message }': false, 'table and queues unchanged': true },
    });

    expect(doc.valid).toBe(false);
    expect(doc.headline).toBe('FAIL — every answer a 4xx with JSON { code, message }.');
    expect(doc.verdicts.map((v) => [v.id, v.valid])).toEqual([
      ['F1', false],
      ['F2', true],
    ]);
    const spec = (doc.charts[0] ?? expect.unreachable()).spec as {
      data: { values: { label: string; kind: string }[] };
    };
    const bars = spec.data.values;
    expect(bars.find((b) => b.label === '500 (not a 4xx)')?.kind).toBe('unexpected');
    expect(bars.filter((b) => b.kind === 'expected').map((b) => b.label)).toEqual([
      '400 BAD_REQUEST',
      '401 UNAUTHORIZED',
    ]);
  });
});
