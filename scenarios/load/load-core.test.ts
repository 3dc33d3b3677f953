import { describe, expect, it } from 'vitest';
import { arrivalOffsets, countArrivals } from './arrival-schedule';
import { classifyRequestError } from './error-kind';
import { formatProgressLine } from './live-progress';
import { parseDurationMs, planFor } from './load-plan';
import { recordParticipation } from './load-record';
import { createTally, formatSummary, summarizeTally } from './summary';
import { judgeThresholds } from './thresholds';

describe('arrival schedule', () => {
  it('spaces a constant rate evenly', () => {
    const offsets = [...arrivalOffsets(10, [{ targetRate: 10, durationMs: 1000 }])];
    expect(offsets.map((o) => Math.round(o))).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
  });

  it('ramps linearly: the arrivals are the area under the rate', () => {
    // 0 -> 10/s over 2 s is 10 arrivals, denser towards the end.
    const offsets = [...arrivalOffsets(0, [{ targetRate: 10, durationMs: 2000 }])];
    expect(offsets).toHaveLength(10);
    const gaps = offsets.slice(1).map((o, i) => o - (offsets[i] as number));
    expect(gaps.every((gap, i) => i === 0 || gap <= (gaps[i - 1] as number) + 1e-9)).toBe(true);
    expect(offsets.every((o) => o >= 0 && o <= 2000)).toBe(true);
  });

  it('chains stages in time order', () => {
    const stages = [
      { targetRate: 20, durationMs: 5000 },
      { targetRate: 20, durationMs: 1000 },
    ];
    const offsets = [...arrivalOffsets(2, stages)];
    expect(offsets).toHaveLength(countArrivals(2, stages));
    expect(offsets).toHaveLength(75);
    expect(offsets.every((o, i) => i === 0 || o >= (offsets[i - 1] as number))).toBe(true);
    expect(offsets.filter((o) => o >= 5000)).toHaveLength(20);
  });
});

describe('plans', () => {
  it('mirrors the k6 script: spike closed, open ramps over 5 s, probe constant, storm closed on one token', () => {
    expect(planFor({ mode: 'spike', vus: 300, duration: '60s', rate: 1 })).toEqual({
      kind: 'closed',
      vus: 300,
      durationMs: 60_000,
    });
    expect(planFor({ mode: 'open', vus: 300, duration: '60s', rate: 200 })).toEqual({
      kind: 'open',
      startRate: 20,
      stages: [
        { targetRate: 200, durationMs: 5000 },
        { targetRate: 200, durationMs: 60_000 },
      ],
      maxVUs: 300,
    });
    expect(planFor({ mode: 'probe', vus: 40, duration: '5s', rate: 20 })).toMatchObject({
      kind: 'open',
      startRate: 20,
      stages: [{ targetRate: 20, durationMs: 5000 }],
    });
    expect(planFor({ mode: 'storm', vus: 100, duration: '2m', rate: 1 })).toEqual({
      kind: 'storm',
      vus: 100,
      durationMs: 120_000,
    });
  });

  it('reads runbook durations and refuses others', () => {
    expect(parseDurationMs('500ms')).toBe(500);
    expect(parseDurationMs('2m')).toBe(120_000);
    expect(() => parseDurationMs('1h')).toThrow(/60s, 2m or 500ms/);
  });
});

describe('error kinds', () => {
  it('names timeouts, resets and refusals by code, name or cause', () => {
    expect(classifyRequestError({ code: 'UND_ERR_HEADERS_TIMEOUT' })).toBe('timeout');
    expect(classifyRequestError({ name: 'TimeoutError' })).toBe('timeout');
    expect(classifyRequestError({ code: 'ECONNRESET' })).toBe('reset');
    expect(classifyRequestError({ message: 'x', cause: { code: 'ECONNREFUSED' } })).toBe('refused');
    expect(classifyRequestError(new Error('?'))).toBe('other');
  });
});

const answer = (status: number | undefined, body: unknown, extra: Record<string, unknown> = {}) => ({
  ...(status === undefined ? { errorKind: 'timeout' as const } : { status }),
  body,
  sentAt: 1000,
  answeredAt: 1030,
  durationMs: 30,
  answeredMonotonicMs: 530,
  ...extra,
});
const context = { process: 'spike', eventId: 'E', userId: 'u1' };

describe('records', () => {
  it('classifies answers like a Jepsen history: ok, fail, info', () => {
    expect(recordParticipation(context, answer(202, { requestId: 'r1' })).operation).toMatchObject({
      type: 'ok',
      requestId: 'r1',
      sentAt: 1000,
      time: 1030,
      latencyMs: 30,
    });
    expect(recordParticipation(context, answer(202, {})).operation.type).toBe('fail');
    expect(recordParticipation(context, answer(500, {})).operation.type).toBe('fail');
    expect(recordParticipation(context, answer(undefined, undefined)).operation.type).toBe('info');
    expect(
      recordParticipation(context, answer(undefined, undefined, { errorKind: 'refused' })).operation.type,
    ).toBe('fail');
  });

  it('flags a status field in a 202 and fails that check', () => {
    const record = recordParticipation(context, answer(202, { requestId: 'r', status: 'QUEUED' }));
    expect(record.operation.bodyHasStatus).toBe(true);
    expect(record.checksPassed).toBe(2);
  });

  it('measures an open-model latency from the due time', () => {
    const record = recordParticipation(
      { ...context, intended: { epochMs: 900, monotonicMs: 400 } },
      answer(202, { requestId: 'r' }),
    );
    expect(record.operation.sentAt).toBe(900);
    expect(record.operation.latencyMs).toBe(130);
    expect(record.participateMs).toBe(30);
  });
});

describe('thresholds', () => {
  it('passes below 1% failed and above 99% checks, and fails on the boundaries', () => {
    expect(
      judgeThresholds({ failedRate: 0.009, checksRate: 0.991, iterations: 10 }).every((t) => t.passed),
    ).toBe(true);
    expect(judgeThresholds({ failedRate: 0.01, checksRate: 1, iterations: 10 }).map((t) => t.passed)).toEqual(
      [false, true],
    );
    expect(judgeThresholds({ failedRate: 0, checksRate: 0.99, iterations: 10 }).map((t) => t.passed)).toEqual(
      [true, false],
    );
  });

  it('does not pass a phase that recorded nothing', () => {
    expect(judgeThresholds({ failedRate: 0, checksRate: 0, iterations: 0 }).some((t) => t.passed)).toBe(
      false,
    );
  });
});

describe('summary', () => {
  const records = Array.from({ length: 100 }, (_, i) =>
    recordParticipation(
      { ...context, userId: `u${i}` },
      i < 2
        ? answer(503, {}, { durationMs: i + 1 })
        : answer(202, { requestId: `r${i}` }, { durationMs: i + 1 }),
    ),
  );
  const tally = createTally();
  for (const record of records) tally.add(record);
  const summary = summarizeTally(tally, {
    tool: 'harness load driver',
    mode: 'spike',
    vus: 10,
    duration: '1s',
    elapsedMs: 2000,
    dropped: 0,
  });

  it('counts iterations, requests, failures and checks, with nearest-rank percentiles', () => {
    expect(summary).toMatchObject({
      iterations: 100,
      requests: 200,
      failedRate: 0.02,
      p50: 50,
      p95: 95,
      p99: 99,
      maxLatencyMs: 100,
      iterationRate: 50,
      requestRate: 100,
      vus: 10,
      duration: '1s',
    });
    expect(summary.checksRate).toBeCloseTo(296 / 300);
    expect(summary.droppedIterations).toBeUndefined();
    expect(summary.thresholds.map((t) => t.passed)).toEqual([false, false]);
  });

  it('prints like k6: counts, percentiles, each threshold', () => {
    const lines = formatSummary('spike', summary);
    expect(lines[0]).toBe(
      'harness load driver spike (spike): 100 iterations (50.0/s), 200 requests, failed 2.00%, checks 98.67%',
    );
    expect(lines[1]).toBe('participation p50 50.0 ms, p95 95.0 ms, p99 99.0 ms, max 100.0 ms');
    expect(lines[2]).toBe('FAIL participations failed rate<0.01 (2.00%)');
  });
});

describe('live progress', () => {
  it('reads like k6 progress', () => {
    expect(
      formatProgressLine({
        elapsedMs: 38_000,
        plannedMs: 60_000,
        activeVUs: 300,
        maxVUs: 300,
        complete: 1246,
        failed: 0,
        dropped: 3,
      }),
    ).toBe('running 38.0s/60s, 300/300 VUs, 1,246 complete, 0 failed, 3 dropped');
  });
});
