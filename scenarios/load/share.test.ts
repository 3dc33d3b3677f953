import { describe, expect, it } from 'vitest';
import { planFor } from './load-plan';
import { splitPlan } from './share';

describe('splitting a phase over threads', () => {
  it('gives every VU to exactly one thread, numbered without overlap', () => {
    const shares = splitPlan(planFor({ mode: 'spike', vus: 301, duration: '60s', rate: 1 }), 2);
    expect(shares).toEqual([
      { kind: 'closed', vus: 151, firstVu: 0, durationMs: 60_000 },
      { kind: 'closed', vus: 150, firstVu: 151, durationMs: 60_000 },
    ]);
  });

  it('deals the arrivals of an open phase round-robin, with the VUs split', () => {
    const shares = splitPlan(planFor({ mode: 'open', vus: 300, duration: '60s', rate: 200 }), 2);
    expect(shares.map((s) => (s.kind === 'open' ? [s.maxVUs, s.stride, s.offset] : []))).toEqual([
      [150, 2, 0],
      [150, 2, 1],
    ]);
  });

  it('never makes an empty share', () => {
    expect(splitPlan(planFor({ mode: 'storm', vus: 1, duration: '1s', rate: 1 }), 4)).toHaveLength(1);
  });
});
