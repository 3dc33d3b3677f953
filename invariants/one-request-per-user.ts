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
import { COUNTEREXAMPLE_LIMIT, type Verdict } from './verdict';

interface Pair {
  readonly eventId: string;
  readonly userId: string;
  readonly answers: ParticipateOperation[];
  readonly locks: LockRecord[];
  readonly requests: RequestItem[];
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
    const created: Pair = { eventId, userId, answers: [], locks: [], requests: [] };
    byUser.set(userId, created);
    pairs.push(created);
    return created;
  };
  const okAnswers = history.operations.filter((op) => op.type === 'ok');
  for (const op of okAnswers) pairOf(op.eventId, op.userId).answers.push(op);
  for (const lock of history.final.locks) pairOf(lock.eventId, lock.userId).locks.push(lock);
  const requestsById = new Map<string, RequestItem>();
  for (const request of history.final.requests) {
    pairOf(request.eventId, request.userId).requests.push(request);
    requestsById.set(request.requestId, request);
  }
  const counterexamples: unknown[] = [];
  let usersWithTwoRequestIds = 0;
  let pairsWithoutOneLock = 0;
  let pairsWithoutOneRequest = 0;
  let lockMismatches = 0;
  let unknownRequestIds = 0;

  for (const pair of pairs) {
    const { eventId, userId, answers, locks, requests } = pair;
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

  for (const op of okAnswers) {
    if (op.requestId === undefined) continue; // a 202 without requestId is I10's finding
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
      okAnswers: okAnswers.length,
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
