import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffSeconds } from './backoff';

const always = (value: number) => () => value;

describe('backoffSeconds', () => {
  it('never waits less than 1 second nor more than the cap (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 2000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 43_200 }),
        (receiveCount, random, cap) => {
          // Act
          const seconds = backoffSeconds(receiveCount, always(random), cap);

          // Assess
          expect(Number.isInteger(seconds)).toBe(true);
          expect(seconds).toBeGreaterThanOrEqual(1);
          expect(seconds).toBeLessThanOrEqual(cap);
        },
      ),
    );
  });

  it('doubles with the receive count at random=1 until the default cap of 60', () => {
    // Prepare
    const receiveCounts = [0, 1, 2, 3, 4, 5, 6, 7, 20];

    // Act
    const seconds = receiveCounts.map((n) => backoffSeconds(n, always(1)));

    // Assess
    expect(seconds).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('never shrinks as the receive count grows at random=1 (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 100 }), fc.integer({ min: 1, max: 43_200 }), (n, cap) => {
        expect(backoffSeconds(n + 1, always(1), cap)).toBeGreaterThanOrEqual(
          backoffSeconds(n, always(1), cap),
        );
      }),
    );
  });

  it('waits exactly 1 second at random=0 whatever the receive count (full jitter)', () => {
    // Prepare
    const receiveCounts = [0, 1, 3, 10, 100];

    // Act
    const seconds = receiveCounts.map((n) => backoffSeconds(n, always(0)));

    // Assess
    expect(seconds).toEqual([1, 1, 1, 1, 1]);
  });

  it('spreads the wait over the whole window with the random draw', () => {
    // Act: receive count 5 has a window of 32 seconds
    const seconds = [0, 0.25, 0.5, 1].map((r) => backoffSeconds(5, always(r)));

    // Assess
    expect(seconds).toEqual([1, 8, 16, 32]);
  });

  it('honours a smaller cap', () => {
    expect(backoffSeconds(10, always(1), 5)).toBe(5);
  });
});
