import { describe, expect, it } from 'vitest';
import { g0Criteria } from './g0-criteria';
import { aRunReport, aVerdict } from './test-helpers';

describe('g0Criteria', () => {
  it('ticks the three runbook criteria of a good run, each with its evidence, and draws the conclusion', () => {
    const block = g0Criteria(aRunReport());

    expect(block.rows).toEqual([
      {
        label: '1. 202 kept',
        met: true,
        evidence:
          '18,000 requests, 0.00% failed (goal < 1%), checks 100.00% (202 with a requestId and no status)',
      },
      {
        label: '2. Queue depth up, then down',
        met: true,
        evidence: 'rose to 16,600 messages with the worker off; fell to 0 in 38.2 s once the worker ran',
      },
      {
        label: '3. Sample requests reached a final status',
        met: true,
        evidence: '1 of 1 sample requests final: SUCCEEDED 1',
      },
    ]);
    expect(block.conclusion).toBe('Conclusion: the load was absorbed by the queue, not turned into errors.');
  });

  it('crosses 202 kept at 1% failed, or when checks fail, or when the HTTP invariant is violated', () => {
    const base = aRunReport();
    const load = base.k6 ?? expect.unreachable();

    expect(g0Criteria(aRunReport({ k6: { ...load, failedRate: 0.01 } })).rows[0]?.met).toBe(false);
    expect(g0Criteria(aRunReport({ k6: { ...load, checksRate: 0.98 } })).rows[0]?.met).toBe(false);
    expect(g0Criteria(aRunReport({ verdicts: [aVerdict({ id: 'I10', valid: false })] })).rows[0]?.met).toBe(
      false,
    );
    expect(g0Criteria(aRunReport({ k6: { ...load, failedRate: 0.0099 } })).rows[0]?.met).toBe(true);
  });

  it('cannot decide 202 kept without a load summary, nor the depth without samples', () => {
    const { k6: _load, peakQueueDepth: _peak, ...rest } = aRunReport();

    const rows = g0Criteria({ ...rest }).rows;

    expect(rows[0]).toMatchObject({ met: 'unknown', evidence: 'no load summary was collected' });
    expect(rows[1]).toMatchObject({ met: 'unknown', evidence: 'no queue depth was sampled' });
  });

  it('crosses the depth when it did not rise or did not drain, saying which', () => {
    const flat = g0Criteria(aRunReport({ peakQueueDepth: 0 })).rows[1];
    const { drainMs: _drain, ...undrained } = aRunReport();
    const stuck = g0Criteria({ ...undrained, failedSteps: ['drain'] }).rows[1];

    expect(flat).toMatchObject({ met: false, evidence: expect.stringContaining('did not rise') });
    expect(stuck).toMatchObject({ met: false, evidence: expect.stringContaining('did not fall to 0') });
  });

  it('crosses the samples when one is not final or none was followed, and then draws no conclusion', () => {
    const base = aRunReport();
    const sample = base.samples[0] ?? expect.unreachable();
    const pending = aRunReport({ samples: [sample, { ...sample, requestId: 'req-2', status: 'QUEUED' }] });

    const block = g0Criteria(pending);

    expect(block.rows[2]).toEqual({
      label: '3. Sample requests reached a final status',
      met: false,
      evidence: '1 of 2 sample requests final: QUEUED 1, SUCCEEDED 1',
    });
    expect(block.conclusion).toBe(
      'No conclusion yet: not shown by this run: 3. Sample requests reached a final status.',
    );
    expect(g0Criteria(aRunReport({ samples: [] })).rows[2]?.met).toBe(false);
  });

  it('draws no conclusion when the criteria hold but an invariant does not', () => {
    const block = g0Criteria(aRunReport({ valid: false, verdicts: [aVerdict({ id: 'I3', valid: false })] }));

    expect(block.rows.every((r) => r.met === true)).toBe(true);
    expect(block.conclusion).toContain('1 invariant(s) did not hold');
  });

  it('speaks Korean for the seed team', () => {
    const block = g0Criteria(aRunReport(), 'ko');

    expect(block.title).toBe('G0 부하테스트 성공 판정 (런북의 3가지 기준)');
    expect(block.rows.map((r) => r.label)).toEqual([
      '1. 202 유지',
      '2. QueueDepth 증가 → 감소',
      '3. requestId 최종 상태 샘플 존재',
    ]);
    expect(block.rows[1]?.evidence).toBe(
      'Worker OFF 상태에서 최대 16,600건까지 증가; Worker ON 후 38.2 s 만에 0으로 감소',
    );
    expect(block.conclusion).toBe('결론: 부하를 에러가 아니라 큐로 흡수했다.');
  });
});
