/**
 * Both directions at 1M requests for the checkers whose grouping used to be quadratic: the
 * correct synthetic history passes, and the same history with one record broken fails with
 * that record quoted. Slow by nature (the history alone is about 2 GB of objects), so it lives
 * in a file of its own; `make test` still runs it. No timing is asserted: that is `make bench`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ResultCode, Status } from '../services/common';
import { checkCapacity } from './capacity';
import { expectCounterexample } from './expect-verdict';
import type { History } from './history';
import { checkNoStatusReversal } from './no-status-reversal';
import { checkOneRequestPerUser } from './one-request-per-user';
import { buildSyntheticHistory, syntheticRequestId, syntheticUserId } from './synthetic-history';
import { withRequest } from './test-helpers';

const SIZE = 1_000_000;
const SLOW = 300_000;
let history: History;
let rejectedId: string;

beforeAll(() => {
  history = buildSyntheticHistory({ requests: SIZE, seed: 11 });
  const rejected = history.final.requests.find((r) => r.status === Status.REJECTED);
  if (rejected === undefined) throw new Error('the synthetic history has no REJECTED request');
  rejectedId = rejected.requestId;
}, SLOW);

describe(`checkers at ${SIZE.toLocaleString('en')} requests`, () => {
  it(
    'capacity holds on the correct history and fails when a rejected request also got a seat',
    () => {
      expect(checkCapacity(history)).toMatchObject({ valid: true, counts: { capacity: SIZE / 10 } });

      const broken = withRequest(history, rejectedId, {
        status: Status.SUCCEEDED,
        resultCode: ResultCode.SUCCESS,
      });
      const verdict = checkCapacity(broken);

      expectCounterexample(verdict, {
        kind: 'seatsAboveCapacity',
        capacity: SIZE / 10,
        succeeded: SIZE / 10 + 1,
      });
    },
    SLOW,
  );

  it(
    'one-request-per-user holds and fails when a user was answered a second requestId',
    () => {
      expect(checkOneRequestPerUser(history).valid).toBe(true);

      const [first] = history.operations;
      if (first === undefined) throw new Error('no operation');
      const second = { ...first, requestId: syntheticRequestId(SIZE - 1), time: first.time + 100 };
      const verdict = checkOneRequestPerUser({ ...history, operations: [...history.operations, second] });

      expect(verdict.valid).toBe(false);
      expect(verdict.counterexamples).toContainEqual(
        expect.objectContaining({ kind: 'twoRequestIds', userId: syntheticUserId(0) }),
      );
    },
    SLOW,
  );

  it(
    'no-status-reversal holds and fails when a request was seen final before it was queued',
    () => {
      expect(checkNoStatusReversal(history).valid).toBe(true);

      const early = { time: 0, requestId: rejectedId, status: Status.SUCCEEDED };
      const verdict = checkNoStatusReversal({ ...history, observations: [early, ...history.observations] });

      expect(verdict.valid).toBe(false);
      expect(verdict.counts.observationViolations).toBe(1);
      expect(verdict.counterexamples).toContainEqual(
        expect.objectContaining({ kind: 'finalStatusChanged', requestId: rejectedId }),
      );
    },
    SLOW,
  );
});
