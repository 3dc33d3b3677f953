import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inLeasePauseMs } from './backoff';
import { startDeliveryBudget } from './delivery-budget';

describe('startDeliveryBudget', () => {
  it('ends the work before the cleanup, and both before the lease (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000, max: 900_000 }), (leaseMs) => {
        let now = 0;
        const budget = startDeliveryBudget(leaseMs, () => now);
        const work = budget.remainingWorkMs();
        now = work;

        expect(work).toBeLessThan(leaseMs);
        expect(budget.remainingWorkMs()).toBe(0);
        expect(budget.work.aborted).toBe(false);
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a lease that is not positive', () => {
    expect(() => startDeliveryBudget(0)).toThrow(RangeError);
  });
});

describe('inLeasePauseMs', () => {
  it('stays within 0 and the cap of 2 s, growing with the retry at random=1', () => {
    expect([0, 1, 2, 3, 10].map((retry) => inLeasePauseMs(retry, () => 1))).toEqual([
      50, 100, 200, 400, 2_000,
    ]);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (retry, r) => {
          const pause = inLeasePauseMs(retry, () => r);
          expect(pause).toBeGreaterThanOrEqual(0);
          expect(pause).toBeLessThanOrEqual(2_000);
        },
      ),
    );
  });
});
