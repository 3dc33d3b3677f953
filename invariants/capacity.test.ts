import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ResultCode, Status } from '../services/common';
import { checkCapacity } from './capacity';
import type { History } from './history';
import { buildRunHistory, buildSample, requestIdFor, T0, withFinal, withRequest } from './test-helpers';

function withCapacityRemaining(history: History, capacityRemaining: number): History {
  return withFinal(history, {
    capacities: history.final.capacities.map((c) => ({ ...c, capacityRemaining })),
  });
}

describe('checkCapacity (I1)', () => {
  it('accepts N SUCCEEDED and the rest REJECTED for capacity with capacityRemaining 0', () => {
    // Prepare
    const history = buildRunHistory({ capacity: 3, users: 5, poisonUsers: 1 });

    // Act
    const verdict = checkCapacity(history);

    // Assess
    expect(verdict.valid).toBe(true);
    expect(verdict.counts).toMatchObject({ succeeded: 3, rejectedForCapacity: 2, capacityRemaining: 0 });
    expect(verdict.counterexamples).toEqual([]);
  });

  it('accepts fewer users than seats, all SUCCEEDED', () => {
    const history = buildRunHistory({ capacity: 10, users: 4 });

    const verdict = checkCapacity(history);

    expect(verdict.valid).toBe(true);
    expect(verdict.counts).toMatchObject({ succeeded: 4, expectedSucceeded: 4, capacityRemaining: 6 });
  });

  it('reports a seat counted twice: SUCCEEDED above N, quoting the requests', () => {
    // Prepare: the 4th user (a REJECTED one) also got a seat, and the counter agrees with SUCCEEDED
    const history = withCapacityRemaining(
      withRequest(buildRunHistory({ capacity: 3, users: 5 }), requestIdFor(4), {
        status: Status.SUCCEEDED,
        resultCode: ResultCode.SUCCESS,
      }),
      -1,
    );

    // Act
    const verdict = checkCapacity(history);

    // Assess
    expect(verdict.valid).toBe(false);
    expect(verdict.counts.succeeded).toBe(4);
    expect(verdict.counterexamples).toContainEqual(
      expect.objectContaining({
        kind: 'seatsAboveCapacity',
        capacity: 3,
        succeeded: 4,
        requests: expect.arrayContaining([expect.objectContaining({ requestId: requestIdFor(4) })]),
      }),
    );
    expect(verdict.counterexamples).toContainEqual(
      expect.objectContaining({ kind: 'negativeCapacityRemaining' }),
    );
  });

  it('reports capacityRemaining that does not equal N - SUCCEEDED', () => {
    const history = withCapacityRemaining(buildRunHistory({ capacity: 3, users: 5 }), 1);

    const verdict = checkCapacity(history);

    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples).toContainEqual(
      expect.objectContaining({
        kind: 'capacityRemainingMismatch',
        expectedRemaining: 0,
        capacityItem: expect.objectContaining({ capacityRemaining: 1 }),
      }),
    );
  });

  it('reports a rejection for capacity while seats remained', () => {
    // Prepare: the 3rd user was rejected although only 2 seats were taken
    const base = buildRunHistory({ capacity: 3, users: 5 });
    const history = withCapacityRemaining(
      withRequest(base, requestIdFor(3), {
        status: Status.REJECTED,
        resultCode: ResultCode.REJECTED_CAPACITY,
      }),
      1,
    );

    const verdict = checkCapacity(history);

    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples).toContainEqual(
      expect.objectContaining({ kind: 'rejectedWhileSeatsRemain', succeeded: 2, capacity: 3 }),
    );
  });

  it('reports one user holding two seats', () => {
    const history = withRequest(buildRunHistory({ capacity: 3, users: 5 }), requestIdFor(2), {
      userId: 'user-0',
    });

    const verdict = checkCapacity(history);

    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples).toContainEqual(
      expect.objectContaining({
        kind: 'userSeatedTwice',
        requests: [
          expect.objectContaining({ requestId: requestIdFor(1), userId: 'user-0' }),
          expect.objectContaining({ requestId: requestIdFor(2), userId: 'user-0' }),
        ],
      }),
    );
  });

  it('reports a sample with a negative capacityRemaining', () => {
    const base = buildRunHistory();
    const bad = buildSample({ time: T0 + 5, capacityRemaining: -1 });
    const history: History = { ...base, samples: [...base.samples, bad] };

    const verdict = checkCapacity(history);

    expect(verdict.valid).toBe(false);
    expect(verdict.counts.negativeSamples).toBe(1);
    expect(verdict.counterexamples).toContainEqual({ kind: 'negativeCapacitySample', sample: bad });
  });

  it('answers unknown when the capacity item was not read', () => {
    const history = withFinal(buildRunHistory(), { capacities: [] });

    const verdict = checkCapacity(history);

    expect(verdict.valid).toBe('unknown');
  });

  it('holds for any consistent run and fails once capacityRemaining is off by any amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: -5, max: 5 }).filter((delta) => delta !== 0),
        (capacity, users, poisonUsers, delta) => {
          const history = buildRunHistory({ capacity, users, poisonUsers });
          const remaining = history.final.capacities[0]?.capacityRemaining ?? 0;

          expect(checkCapacity(history).valid).toBe(true);
          expect(checkCapacity(withCapacityRemaining(history, remaining + delta)).valid).toBe(false);
        },
      ),
    );
  });
});

describe('I1 capacity: requests the worker acquired and then failed', () => {
  it('reports seats left empty because acquired requests were failed instead of seated', () => {
    const history = buildRunHistory({ users: 5, capacity: 5 });
    const failedAfterAcquire = history.final.requests.map((r, i) =>
      i < 3 ? { ...r, status: Status.FAILED_FINAL, resultCode: ResultCode.FAILED_WORKER } : r,
    );
    const broken = withFinal(history, {
      requests: failedAfterAcquire,
      capacities: history.final.capacities.map((c) => ({ ...c, capacityRemaining: 3 })),
    });

    const verdict = checkCapacity(broken);

    expect(failedAfterAcquire.every((r) => r.startedAt !== undefined)).toBe(true);
    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples).toContainEqual(expect.objectContaining({ kind: 'seatCountMismatch' }));
  });
});
