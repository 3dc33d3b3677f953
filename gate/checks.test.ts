import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countFifoInversions,
  maxPositionError,
  perUserOrder,
  scoreCollisionsAndInversions,
  type TimedJoin,
} from './checks';

/** O(n^2) reference for the sweep. */
function bruteForceInversions(joins: readonly TimedJoin[]): number {
  let count = 0;
  for (const a of joins) for (const b of joins) if (a.completedAt < b.invokedAt && a.seq > b.seq) count++;
  return count;
}

const timedJoins = fc
  .array(
    fc.record({
      invokedAt: fc.integer({ min: 0, max: 100 }),
      length: fc.integer({ min: 0, max: 20 }),
      seq: fc.nat(1000),
    }),
    { maxLength: 60 },
  )
  .map((rows) =>
    rows.map(({ invokedAt, length, seq }) => ({ invokedAt, completedAt: invokedAt + length, seq })),
  );

describe('countFifoInversions', () => {
  it('agrees with the brute-force count on any history', () => {
    fc.assert(
      fc.property(timedJoins, (joins) => {
        expect(countFifoInversions(joins).inversions).toBe(bruteForceInversions(joins));
      }),
    );
  });

  it('finds the inversion of two non-overlapping joins served out of order', () => {
    const joins = [
      { invokedAt: 0, completedAt: 1, seq: 2 },
      { invokedAt: 2, completedAt: 3, seq: 1 },
    ];
    expect(countFifoInversions(joins)).toEqual({ inversions: 1, orderedPairs: 1 });
  });

  it('does not count overlapping joins in either order', () => {
    const joins = [
      { invokedAt: 0, completedAt: 5, seq: 2 },
      { invokedAt: 1, completedAt: 3, seq: 1 },
    ];
    expect(countFifoInversions(joins)).toEqual({ inversions: 0, orderedPairs: 0 });
  });
});

describe('scoreCollisionsAndInversions', () => {
  it('passes increasing scores and flags a repeat and a step back', () => {
    expect(scoreCollisionsAndInversions([1, 2, 3])).toEqual({ collisions: 0, outOfOrder: 0 });
    expect(scoreCollisionsAndInversions([1, 2, 2, 1])).toEqual({ collisions: 2, outOfOrder: 2 });
  });
});

describe('perUserOrder', () => {
  it('accepts 1..n in order and rejects a swap, a gap and a duplicate', () => {
    const expected = new Map([['u', 3]]);
    expect(perUserOrder(new Map([['u', [1, 2, 3]]]), expected).inOrder).toBe(1);
    for (const bad of [
      [1, 3, 2],
      [1, 3],
      [1, 2, 2, 3],
    ]) {
      const result = perUserOrder(new Map([['u', bad]]), expected);
      expect(result.inOrder).toBe(0);
      expect(result.firstViolation).toContain('u:');
    }
  });
});

describe('maxPositionError', () => {
  it('is the largest relative error', () => {
    expect(
      maxPositionError([
        { reported: 10, actual: 10 },
        { reported: 95, actual: 100 },
      ]),
    ).toBeCloseTo(0.05);
    expect(maxPositionError([])).toBe(0);
  });
});
