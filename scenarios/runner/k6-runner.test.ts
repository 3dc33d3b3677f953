import { describe, expect, it } from 'vitest';
import { parseRecords } from './k6-runner';

const line = (record: Record<string, unknown>) => JSON.stringify(record);

describe("reading k6's records (LOAD_TOOL=k6)", () => {
  it('turns each record into one operation with its send time, answer time and outcome', () => {
    const text = [
      'k6 banner line',
      line({ f: 'participate', u: 'u1', s: 202, r: 'r1', hs: false, t: 10_000, d: 12.5 }),
      line({ f: 'participate', u: 'u2', s: 503, hs: false, t: 10_010, d: 3 }),
      line({ f: 'participate', u: 'u3', s: 0, t: 10_020, d: 60_000, e: 1050 }),
      line({ f: 'login', u: 'u4', s: 401, t: 10_030, d: 1 }),
      '{not json',
    ].join('\n');
    const ops = parseRecords(text, 'EVT-1', 'spike');
    expect(ops).toHaveLength(4);
    expect(ops[0]).toMatchObject({
      type: 'ok',
      requestId: 'r1',
      httpStatus: 202,
      sentAt: 9987,
      time: 10_000,
    });
    expect(ops[1]).toMatchObject({ type: 'fail', httpStatus: 503 });
    expect(ops[2]).toMatchObject({ type: 'info', errorKind: 'timeout' });
    expect(ops[2]?.httpStatus).toBeUndefined();
    expect(ops[3]).toMatchObject({ type: 'fail', errorKind: 'login', httpStatus: 401 });
    for (const op of ops) expect(op.sentAt as number).toBeLessThanOrEqual(op.time);
  });
});
