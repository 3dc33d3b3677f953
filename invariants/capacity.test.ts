import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RequestItem, ResultCode, Status } from '../services/common';
import { checkCapacity } from './capacity';
import { expectCounterexample, expectVerdict } from './expect-verdict';
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
    expectVerdict(verdict, true, { succeeded: 3, rejectedForCapacity: 2, capacityRemaining: 0 });
    expect(verdict.counterexamples).toEqual([]);
  });

  it('accepts fewer users than seats, all SUCCEEDED', () => {
    const history = buildRunHistory({ capacity: 10, users: 4 });

    const verdict = checkCapacity(history);

    expectVerdict(verdict, true, { succeeded: 4, expectedSucceeded: 4, capacityRemaining: 6 });
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
    expect(verdict.counts.succeeded).toBe(4);
    expectCounterexample(verdict, {
      kind: 'seatsAboveCapacity',
      capacity: 3,
      succeeded: 4,
      requests: expect.arrayContaining([expect.objectContaining({ requestId: requestIdFor(4) })]),
    });
    expect(verdict.counterexamples).toContainEqual(
      expect.objectContaining({ kind: 'negativeCapacityRemaining' }),
    );
  });

  it('reports capacityRemaining that does not equal N - SUCCEEDED', () => {
    const history = withCapacityRemaining(buildRunHistory({ capacity: 3, users: 5 }), 1);

    const verdict = checkCapacity(history);

    expectCounterexample(verdict, {
      kind: 'capacityRemainingMismatch',
      expectedRemaining: 0,
      capacityItem: expect.objectContaining({ capacityRemaining: 1 }),
    });
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

    expectCounterexample(verdict, {
      kind: 'userSeatedTwice',
      requests: [
        expect.objectContaining({ requestId: requestIdFor(1), userId: 'user-0' }),
        expect.objectContaining({ requestId: requestIdFor(2), userId: 'user-0' }),
      ],
    });
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
  /** Requests `failed` of a 5-seat run for 5 users end FAILED_FINAL after acquire; the seats stay free. */
  function withFailedAfterAcquire(failed: readonly number[], patch: Partial<RequestItem>): History {
    const history = buildRunHistory({ users: 5, capacity: 5 });
    const requests = history.final.requests.map((r, i) => (failed.includes(i) ? { ...r, ...patch } : r));
    const seated = requests.filter((r) => r.status === Status.SUCCEEDED).length;
    return withFinal(history, {
      requests,
      capacities: history.final.capacities.map((c) => ({ ...c, capacityRemaining: 5 - seated })),
    });
  }
  const DLQ_FINALISED = { status: Status.FAILED_FINAL, resultCode: ResultCode.FAILED_WORKER } as const;

  it('answers unknown, listing them, when only FAILED_FINAL requests explain the seats left empty', () => {
    // Prepare: 3 of 5 requests were acquired, then finalised FAILED_FINAL (by the DLQ handler)
    const history = withFailedAfterAcquire([0, 1, 2], DLQ_FINALISED);

    // Act
    const verdict = checkCapacity(history);

    // Assess: 2 SUCCEEDED is min(5, users) only if the 3 failed ones did not compete
    expect(history.final.requests.every((r) => r.startedAt !== undefined)).toBe(true);
    expect(verdict.valid).toBe('unknown');
    expect(verdict.summary).toContain('only if the 3 FAILED_FINAL request(s)');
    expect(verdict.counterexamples).toEqual([
      expect.objectContaining({
        kind: 'failedCompetitorsDecide',
        expectedSucceeded: 5,
        expectedWithoutFailed: 2,
        requests: [1, 2, 3].map((n) => expect.objectContaining({ requestId: requestIdFor(n) })),
      }),
    ]);
  });

  it('still reports seats left empty that the FAILED_FINAL requests cannot explain', () => {
    // Prepare: request 0 failed after acquire, request 1 was acquired and then neither seated nor failed
    const failed = withFailedAfterAcquire([0], DLQ_FINALISED);
    const history = withRequest(failed, requestIdFor(2), {
      status: Status.REJECTED,
      resultCode: ResultCode.REJECTED_EVENT_CLOSED,
    });
    const broken = withCapacityRemaining(history, 2);

    const verdict = checkCapacity(broken);

    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples).toContainEqual(
      expect.objectContaining({ kind: 'seatCountMismatch', expectedSucceeded: 5, succeeded: 3 }),
    );
  });

  it('holds when a FAILED_FINAL request does not decide the count (the seats were all taken)', () => {
    // Prepare: 5 users for 3 seats; the last one failed after acquire, 3 SUCCEEDED anyway
    const history = buildRunHistory({ users: 5, capacity: 3 });
    const last = history.final.requests.at(-1);
    if (last === undefined) throw new Error('no request');

    const verdict = checkCapacity(withRequest(history, last.requestId, DLQ_FINALISED));

    expectVerdict(verdict, true, { succeeded: 3, failedAfterAcquire: 1 });
  });
});
