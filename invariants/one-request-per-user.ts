/**
 * I2 One requestId per (eventId, userId) (spec section 6.2). Three views must agree:
 *   - the answers: every 202 to the same user for the same event carried the same requestId;
 *   - the table: exactly one idempotency lock and one request item per pair, the lock naming it;
 *   - the link: every requestId a user was given is a request of that user and event.
 * Pairs are keyed by eventId, then userId: two map look-ups per record instead of building a
 * key string for each of a run's millions of answers, locks and items.
 */
import type { RequestItem } from '../services/common';
import type { History, LockRecord, ParticipateOperation } from './history';
import { indexHistory } from './history-index';
import { COUNTEREXAMPLE_LIMIT, type Verdict } from './verdict';

interface Pair {
  readonly eventId: string;
  readonly userId: string;
  // Created with their first element: an empty array that is pushed to reserves 17 slots, which
  // for three lists per pair at 1M pairs is most of the checker's memory.
  answers?: ParticipateOperation[];
  locks?: LockRecord[];
  requests?: RequestItem[];
}

export function checkOneRequestPerUser(history: History): Verdict {
  const byEvent = new Map<string, Map<string, Pair>>();
  const pairs: Pair[] = [];
  const pairOf = (eventId: string, userId: string): Pair => {
    let byUser = byEvent.get(eventId);
    if (byUser === undefined) {
      byUser = new Map();
      byEvent.set(eventId, byUser);
    }
    const existing = byUser.get(userId);
    if (existing !== undefined) return existing;
    const created: Pair = { eventId, userId };
    byUser.set(userId, created);
    pairs.push(created);
    return created;
  };
  let okAnswers = 0;
  for (const op of history.operations) {
    if (op.type !== 'ok') continue;
    okAnswers++;
    const pair = pairOf(op.eventId, op.userId);
    if (pair.answers === undefined) pair.answers = [op];
    else pair.answers.push(op);
  }
  for (const lock of history.final.locks) {
    const pair = pairOf(lock.eventId, lock.userId);
    if (pair.locks === undefined) pair.locks = [lock];
    else pair.locks.push(lock);
  }
  for (const request of history.final.requests) {
    const pair = pairOf(request.eventId, request.userId);
    if (pair.requests === undefined) pair.requests = [request];
    else pair.requests.push(request);
  }
  const { requestsById } = indexHistory(history);
  const counterexamples: unknown[] = [];
  let usersWithTwoRequestIds = 0;
  let pairsWithoutOneLock = 0;
  let pairsWithoutOneRequest = 0;
  let lockMismatches = 0;
  let unknownRequestIds = 0;

  for (const pair of pairs) {
    const { eventId, userId, answers = [], locks = [], requests = [] } = pair;
    const answeredIds = distinctRequestIds(answers);
    if (answeredIds.length > 1) {
      usersWithTwoRequestIds++;
      counterexamples.push({
        kind: 'twoRequestIds',
        eventId,
        userId,
        requestIds: answeredIds,
        answers: quote(answers),
      });
    }
    if (locks.length !== 1) {
      pairsWithoutOneLock++;
      counterexamples.push({ kind: 'lockCount', eventId, userId, locks: quote(locks) });
    }
    if (requests.length !== 1) {
      pairsWithoutOneRequest++;
      counterexamples.push({ kind: 'requestCount', eventId, userId, requests: quote(requests) });
    }
    const [lock] = locks;
    const [request] = requests;
    if (locks.length === 1 && requests.length === 1 && lock?.requestId !== request?.requestId) {
      lockMismatches++;
      counterexamples.push({ kind: 'lockNamesAnotherRequest', lock, request });
    }
  }

  for (const op of history.operations) {
    if (op.type !== 'ok' || op.requestId === undefined) continue; // a 202 without requestId is I10's finding
    const request = requestsById.get(op.requestId);
    if (request === undefined || request.eventId !== op.eventId || request.userId !== op.userId) {
      unknownRequestIds++;
      counterexamples.push({
        kind: request === undefined ? 'answeredRequestMissing' : 'answeredRequestOfAnotherPair',
        answer: op,
        request,
      });
    }
  }

  const valid = counterexamples.length === 0;
  return {
    id: 'I2',
    title: 'One requestId per (eventId, userId): same answer every time, one lock and one request',
    valid,
    summary: valid
      ? `${pairs.length} (eventId, userId) pairs each have one requestId, one lock and one request`
      : `${counterexamples.length} violation(s) among ${pairs.length} (eventId, userId) pairs`,
    counts: {
      pairs: pairs.length,
      okAnswers,
      locks: history.final.locks.length,
      requests: history.final.requests.length,
      usersWithTwoRequestIds,
      pairsWithoutOneLock,
      pairsWithoutOneRequest,
      lockMismatches,
      unknownRequestIds,
    },
    counterexamples: counterexamples.slice(0, COUNTEREXAMPLE_LIMIT),
  };
}

/** The requestIds the answers carried, in order of first appearance; no Set for the usual single answer. */
function distinctRequestIds(answers: readonly ParticipateOperation[]): string[] {
  const [only] = answers;
  if (answers.length === 1 && only !== undefined) return only.requestId === undefined ? [] : [only.requestId];
  const ids = new Set<string>();
  for (const { requestId } of answers) if (requestId !== undefined) ids.add(requestId);
  return [...ids];
}

function quote<T>(records: readonly T[]): T[] {
  return records.slice(0, COUNTEREXAMPLE_LIMIT);
}
