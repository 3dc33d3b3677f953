import { describe, expect, it } from 'vitest';
import { Status } from '../services/common';
import { expectCounterexample, expectVerdict } from './expect-verdict';
import type { History } from './history';
import { checkNothingLost } from './nothing-lost';
import { buildOperation, buildRunHistory, requestIdFor, T0, withFinal, withRequest } from './test-helpers';

describe('checkNothingLost (I5)', () => {
  it('accepts a drained run where every accepted request is final', () => {
    // Prepare
    const history = buildRunHistory({ users: 5, poisonUsers: 1 });

    // Act
    const verdict = checkNothingLost(history);

    // Assess
    expectVerdict(verdict, true, { accepted: 6, final: 6, lost: 0, mainQueueDepth: 0 });
  });

  it('reports a lost request: answered 202 but missing from the table', () => {
    // Prepare: the table lost user-2's request although the user was told it was accepted
    const base = buildRunHistory({ users: 3 });
    const history = withFinal(base, {
      requests: base.final.requests.filter((r) => r.requestId !== requestIdFor(3)),
    });

    // Act
    const verdict = checkNothingLost(history);

    // Assess
    expect(verdict.counts.lost).toBe(1);
    expectCounterexample(verdict, {
      kind: 'lost',
      requestId: requestIdFor(3),
      answer: expect.objectContaining({ userId: 'user-2', type: 'ok' }),
    });
  });

  it('reports a request left PROCESSING after the drain', () => {
    const history = withRequest(buildRunHistory({ users: 2 }), requestIdFor(2), {
      status: Status.PROCESSING,
    });

    const verdict = checkNothingLost(history);

    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples).toContainEqual({
      kind: 'notFinal',
      request: expect.objectContaining({ requestId: requestIdFor(2), status: Status.PROCESSING }),
    });
  });

  it('accepts a request that is not final but has a dead letter naming it', () => {
    const base = withRequest(buildRunHistory({ users: 2 }), requestIdFor(2), { status: Status.QUEUED });
    const deadLetter = { messageId: 'm-1', body: `{"requestId":"${requestIdFor(2)}"}`, receiveCount: 4 };
    const history = withFinal(base, { deadLetters: [deadLetter] });

    const verdict = checkNothingLost(history);

    expect(verdict.valid).toBe(true);
    expect(verdict.counts.dlqAccounted).toBe(1);
  });

  it('reports messages still in the main queue after the drain', () => {
    const history = withFinal(buildRunHistory(), { mainQueueDepth: { visible: 1, notVisible: 2 } });

    const verdict = checkNothingLost(history);

    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples).toContainEqual({
      kind: 'mainQueueNotEmpty',
      mainQueueDepth: { visible: 1, notVisible: 2 },
    });
  });

  it('counts unknown outcomes with and without a request, judging only the ones that exist', () => {
    // Prepare: user-0 timed out once (its request exists and is final); a stranger timed out before ingest
    const base = buildRunHistory({ users: 2 });
    const timeouts = [
      buildOperation({
        type: 'info',
        userId: 'user-0',
        requestId: undefined,
        httpStatus: undefined,
        time: T0 + 1,
      }),
      buildOperation({
        type: 'info',
        userId: 'stranger',
        requestId: undefined,
        httpStatus: undefined,
        time: T0 + 2,
      }),
    ];
    const history: History = { ...base, operations: [...base.operations, ...timeouts] };

    const verdict = checkNothingLost(history);

    expectVerdict(verdict, true, { infoOperations: 2, infoWithRequest: 1, infoWithoutRequest: 1 });
  });

  describe('request items that fail the request schema', () => {
    /** user-2's request item as the table held it, with a status the contract does not know. */
    function withInvalidItem(history: History): { history: History; item: Record<string, unknown> } {
      const { requestId } = history.final.requests[2] ?? {};
      const valid = history.final.requests.find((r) => r.requestId === requestId);
      if (valid === undefined) throw new Error('no third request');
      const item = { ...valid, status: 'DONE' };
      const requests = history.final.requests.filter((r) => r !== valid);
      return { history: withFinal(history, { requests, invalidRequests: [item] }), item };
    }

    it('reports each one as a violation with the item quoted, and its answer not a second time as lost', () => {
      // Prepare
      const { history, item } = withInvalidItem(buildRunHistory({ users: 3 }));

      // Act
      const verdict = checkNothingLost(history);

      // Assess
      expectVerdict(verdict, false, { invalidRequestItems: 1, lost: 0, accepted: 3 });
      expect(verdict.counterexamples).toEqual([
        {
          kind: 'invalidRequestItem',
          item,
          answer: expect.objectContaining({ requestId: item.requestId, type: 'ok' }),
        },
      ]);
      expect(verdict.summary).toContain('1 request item(s) failing the request schema');
    });

    it('holds when every request item passed its schema (none recorded)', () => {
      const history = withFinal(buildRunHistory({ users: 3 }), { invalidRequests: [] });

      expect(checkNothingLost(history)).toMatchObject({ valid: true, counts: { invalidRequestItems: 0 } });
    });
  });
});
