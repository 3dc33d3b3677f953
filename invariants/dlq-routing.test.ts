import { describe, expect, it } from 'vitest';
import { ResultCode, Status } from '../services/common';
import { checkDlqRouting } from './dlq-routing';
import { expectCounterexample, expectVerdict } from './expect-verdict';
import type { DeadLetter, History } from './history';
import { buildRunHistory, requestIdFor, requestOf, withFinal, withRequest } from './test-helpers';

function withReceiveCount(history: History, receiveCount: number): History {
  return withFinal(history, { deadLetters: history.final.deadLetters.map((d) => ({ ...d, receiveCount })) });
}

describe('checkDlqRouting (I7)', () => {
  it('accepts a poison message dead-lettered after maxReceiveCount receives plus the harness read', () => {
    // Prepare: users 1-3 are ordinary, request 4 is poison; maxReceiveCount 3
    const history = buildRunHistory({ users: 3, poisonUsers: 1, maxReceiveCount: 3 });

    // Act
    const verdict = checkDlqRouting(history);

    // Assess
    expectVerdict(verdict, true, {
      deadLetters: 1,
      knownDeadLetters: 1,
      poisonRequests: 1,
      poisonInDlq: 1,
    });
  });

  it('accepts exactly maxReceiveCount when the harness read was not counted', () => {
    const history = withReceiveCount(buildRunHistory({ poisonUsers: 1, maxReceiveCount: 3 }), 3);

    expect(checkDlqRouting(history).valid).toBe(true);
  });

  it('accepts a run without poison and without dead letters, with a count of 0', () => {
    const verdict = checkDlqRouting(buildRunHistory({ users: 3 }));

    expect(verdict.valid).toBe(true);
    expect(verdict.counts.deadLetters).toBe(0);
  });

  it('reports a poison message that SUCCEEDED, quoting the dead letter and the request', () => {
    // Prepare: the poison request ended SUCCEEDED anyway
    const poisonId = requestIdFor(4);
    const history = withRequest(buildRunHistory({ users: 3, poisonUsers: 1 }), poisonId, {
      status: Status.SUCCEEDED,
      resultCode: ResultCode.SUCCESS,
    });

    // Act
    const verdict = checkDlqRouting(history);

    // Assess
    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples).toContainEqual({
      kind: 'deadLetterSucceeded',
      deadLetter: expect.objectContaining({ requestId: poisonId }),
      request: expect.objectContaining({ requestId: poisonId, status: Status.SUCCEEDED }),
    });
  });

  it('reports a poison request that never reached the DLQ and SUCCEEDED', () => {
    const poisonId = requestIdFor(2);
    const base = buildRunHistory({ users: 3 });
    const history: History = { ...base, poisonRequestIds: [poisonId] };

    const verdict = checkDlqRouting(history);

    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples).toEqual([
      { kind: 'poisonNotInDlq', requestId: poisonId },
      expect.objectContaining({ kind: 'poisonSucceeded', requestId: poisonId }),
    ]);
  });

  it('reports a message dead-lettered before maxReceiveCount receives', () => {
    const history = withReceiveCount(buildRunHistory({ poisonUsers: 1, maxReceiveCount: 5 }), 2);

    const verdict = checkDlqRouting(history);

    expectCounterexample(verdict, {
      kind: 'deadLetteredEarly',
      deadLetter: expect.objectContaining({ receiveCount: 2 }),
    });
  });

  it('accepts a dead letter whose count grew by reads of the DLQ itself', () => {
    const history = withReceiveCount(buildRunHistory({ poisonUsers: 1, maxReceiveCount: 3 }), 7);

    const verdict = checkDlqRouting(history);

    expect(verdict.valid).toBe(true);
  });

  it('finds the request of a dead letter whose body could not be parsed', () => {
    const base = buildRunHistory({ users: 3 });
    const broken: DeadLetter = { messageId: 'm-x', body: `not json ${requestIdFor(1)}`, receiveCount: 4 };
    const history = withFinal(base, { deadLetters: [broken] });

    const verdict = checkDlqRouting(history);

    // request 1 SUCCEEDED in the base run, so naming it makes the dead letter a violation
    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples).toContainEqual(
      expect.objectContaining({ kind: 'deadLetterSucceeded', deadLetter: broken }),
    );
  });

  describe('a healthy request dead-lettered is not poison', () => {
    /** The DLQ holds the message of request 1 as the ingest sent it: a valid queue message. */
    function withHealthyDeadLetter(history: History): History {
      const request = requestOf(history, requestIdFor(1));
      const { requestId, eventId, userId, eventType, requestedAt } = request;
      const body = JSON.stringify({ schemaVersion: 1, requestId, eventId, userId, eventType, requestedAt });
      const deadLetter: DeadLetter = { messageId: 'm-h', body, receiveCount: 4, requestId };
      const failed = withRequest(history, requestId, {
        status: Status.FAILED_FINAL,
        resultCode: ResultCode.FAILED_WORKER,
      });
      return withFinal(failed, { deadLetters: [...history.final.deadLetters, deadLetter] });
    }

    it('reports a well-formed dead letter of a request nobody declared poison, quoted as healthy', () => {
      // Prepare: request 1 is ordinary, yet its valid message went to the DLQ and it ended FAILED_FINAL
      const history = withHealthyDeadLetter(buildRunHistory({ users: 3, poisonUsers: 1 }));

      // Act
      const verdict = checkDlqRouting(history);

      // Assess
      expect(verdict.valid).toBe(false);
      expect(verdict.summary).toContain('1 of them a healthy request dead-lettered');
      expect(verdict.counterexamples).toEqual([
        {
          kind: 'healthyRequestDeadLettered',
          deadLetter: expect.objectContaining({ messageId: 'm-h', requestId: requestIdFor(1) }),
          request: expect.objectContaining({ requestId: requestIdFor(1), status: Status.FAILED_FINAL }),
        },
      ]);
      expect(verdict.counts).toMatchObject({ healthyDeadLetters: 1, poisonDeadLetters: 1, poisonInDlq: 1 });
    });

    it('accepts it when the run declared that its fault may fail that request (the rule of I12)', () => {
      const history: History = {
        ...withHealthyDeadLetter(buildRunHistory({ users: 3, poisonUsers: 1 })),
        legitimateFailures: [
          { reason: 'the handler was made to throw', resultCodes: [ResultCode.FAILED_WORKER] },
        ],
      };

      const verdict = checkDlqRouting(history);

      expectVerdict(verdict, true, { healthyDeadLetters: 1, excusedHealthyDeadLetters: 1 });
    });

    it('judges a dead letter whose body is no valid queue message as poison, even undeclared', () => {
      // Prepare: a REJECTED request's message is broken (schemaVersion 99); nobody declared it poison
      const base = buildRunHistory({ users: 5, capacity: 3 });
      const rejected = base.final.requests.find((r) => r.status === Status.REJECTED);
      if (rejected === undefined) throw new Error('the base run has no REJECTED request');
      const body = JSON.stringify({ schemaVersion: 99, requestId: rejected.requestId });
      const broken: DeadLetter = { messageId: 'm-b', body, receiveCount: 4, requestId: rejected.requestId };

      const verdict = checkDlqRouting(withFinal(base, { deadLetters: [broken] }));

      expectVerdict(verdict, true, {
        poisonDeadLetters: 1,
        invalidBodyDeadLetters: 1,
        healthyDeadLetters: 0,
      });
    });
  });
});
