import { describe, expect, it } from 'vitest';
import { Status } from '../services/common';
import { expectCounterexample, expectVerdict } from './expect-verdict';
import type { History } from './history';
import { checkOneRequestPerUser } from './one-request-per-user';
import {
  buildOperation,
  buildRequestTrail,
  buildRunHistory,
  requestIdFor,
  T0,
  withFinal,
} from './test-helpers';

describe('checkOneRequestPerUser (I2)', () => {
  it('accepts one requestId, one lock and one request per user, even for a repeated answer', () => {
    // Prepare: user-0 asks twice and is answered with the same requestId
    const history = buildRunHistory({ users: 4, poisonUsers: 1 });

    // Act
    const verdict = checkOneRequestPerUser(history);

    // Assess
    expectVerdict(verdict, true, { pairs: 5, okAnswers: 6, locks: 5, requests: 5 });
  });

  it('reports a user answered with two requestIds, quoting both answers', () => {
    // Prepare: user-0 got a second request: a second answer and a second item, the lock names the first
    const base = buildRunHistory({ users: 3 });
    const second = buildRequestTrail({
      requestId: requestIdFor(99),
      userId: 'user-0',
      path: [Status.RECEIVED, Status.QUEUED],
    });
    const secondAnswer = buildOperation({ userId: 'user-0', requestId: requestIdFor(99), time: T0 + 500 });
    const history: History = {
      ...withFinal(base, { requests: [...base.final.requests, second.request] }),
      operations: [...base.operations, secondAnswer],
    };

    // Act
    const verdict = checkOneRequestPerUser(history);

    // Assess
    expect(verdict.counts.usersWithTwoRequestIds).toBe(1);
    expectCounterexample(verdict, {
      kind: 'twoRequestIds',
      userId: 'user-0',
      requestIds: [requestIdFor(1), requestIdFor(99)],
      answers: expect.arrayContaining([secondAnswer]),
    });
    expect(verdict.counterexamples).toContainEqual(
      expect.objectContaining({ kind: 'requestCount', userId: 'user-0', requests: expect.any(Array) }),
    );
  });

  it('reports a lock that names another request than the pair has', () => {
    const base = buildRunHistory({ users: 3 });
    const locks = base.final.locks.map((l) =>
      l.userId === 'user-1' ? { ...l, requestId: requestIdFor(3) } : l,
    );
    const history = withFinal(base, { locks });

    const verdict = checkOneRequestPerUser(history);

    expectCounterexample(verdict, {
      kind: 'lockNamesAnotherRequest',
      lock: expect.objectContaining({ userId: 'user-1', requestId: requestIdFor(3) }),
      request: expect.objectContaining({ requestId: requestIdFor(2) }),
    });
  });

  it('reports a pair without its lock', () => {
    const base = buildRunHistory({ users: 3 });
    const history = withFinal(base, { locks: base.final.locks.filter((l) => l.userId !== 'user-2') });

    const verdict = checkOneRequestPerUser(history);

    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples).toContainEqual({
      kind: 'lockCount',
      eventId: 'evt-g0',
      userId: 'user-2',
      locks: [],
    });
  });

  it('reports an answered requestId that belongs to another user', () => {
    const base = buildRunHistory({ users: 3 });
    const stolen = buildOperation({ userId: 'user-2', requestId: requestIdFor(1), time: T0 + 900 });
    const history: History = { ...base, operations: [...base.operations, stolen] };

    const verdict = checkOneRequestPerUser(history);

    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples).toContainEqual(
      expect.objectContaining({ kind: 'answeredRequestOfAnotherPair', answer: stolen }),
    );
  });
});
