/**
 * I2 One requestId per (eventId, userId) (spec section 6.2). Three views must agree:
 *   - the answers: every 202 to the same user for the same event carried the same requestId;
 *   - the table: exactly one idempotency lock and one request item per pair, the lock naming it;
 *   - the link: every requestId a user was given is a request of that user and event.
 * Pairs are numbered by eventId and userId together, without building a key string for each of
 * a run's millions of answers, locks and items.
 */
import { pushTo } from './group';
import type { History, ParticipateOperation } from './history';
import { type HistoryIndex, indexHistory } from './history-index';
import { TextPairNumbers } from './text-pair-numbers';
import { COUNTEREXAMPLE_LIMIT, type Verdict } from './verdict';

/**
 * The pair of each record of a kind (-1 for a record left out). Pairs are numbered in order of
 * first appearance; what each record kind says about them is kept in arrays by pair (counts and
 * the first record), and the lists a counterexample quotes are gathered in a second pass for
 * the pairs that break the rule only: at 1M pairs an object and three arrays per pair were
 * most of the checker's time and memory.
 */
function pairsOf<
  T extends { readonly eventId: string; readonly userId: string; readonly requestId?: string },
>(pairs: RecordPairs, records: readonly T[], take: (record: T) => boolean = () => true): number[] {
  // Plain arrays, not typed ones: see TextPairNumbers.
  const pairAt = new Array<number>(records.length);
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as T;
    pairAt[i] = take(record) ? pairs.of(record) : -1;
  }
  return pairAt;
}

/**
 * The pair of a record, remembered by the request number of its requestId: an answer, a lock
 * and an item of one request nearly always name the same pair, and reading the remembered one
 * (checked against the record's own eventId and userId) is cheaper than hashing the pair again.
 * Pairs are still numbered by the table, in the order records first name them.
 */
class RecordPairs {
  readonly table: TextPairNumbers;
  private readonly byRequest: number[];

  constructor(
    private readonly index: HistoryIndex,
    expected: number,
  ) {
    this.table = new TextPairNumbers(expected);
    this.byRequest = new Array<number>(index.requestCount).fill(-1);
  }

  of(record: { readonly eventId: string; readonly userId: string; readonly requestId?: string }): number {
    const { eventId, userId, requestId } = record;
    const n = requestId === undefined ? undefined : this.index.requestNumberOf(requestId);
    const known = n === undefined ? -1 : (this.byRequest[n] as number);
    if (known >= 0 && this.table.secondOf(known) === userId && this.table.firstOf(known) === eventId)
      return known;
    const pair = this.table.numberOf(eventId, userId);
    if (n !== undefined && known < 0) this.byRequest[n] = pair;
    return pair;
  }
}

/** How many records of a kind each pair has, and the position of the first. */
function tally(pairAt: readonly number[], pairCount: number): { count: number[]; first: number[] } {
  const count = new Array<number>(pairCount).fill(0);
  const first = new Array<number>(pairCount).fill(-1);
  for (let i = 0; i < pairAt.length; i++) {
    const pair = pairAt[i] as number;
    if (pair < 0) continue;
    if (count[pair] === 0) first[pair] = i;
    count[pair] = (count[pair] as number) + 1;
  }
  return { count, first };
}

/** The records of the listed pairs, in record order. */
function listsOf<T>(
  records: readonly T[],
  pairAt: readonly number[],
  wanted: ReadonlySet<number>,
): Map<number, T[]> {
  const lists = new Map<number, T[]>();
  if (wanted.size === 0) return lists;
  for (let i = 0; i < records.length; i++) {
    const pair = pairAt[i] as number;
    if (wanted.has(pair)) pushTo(lists, pair, records[i] as T);
  }
  return lists;
}

export function checkOneRequestPerUser(history: History): Verdict {
  const { operations } = history;
  const { locks, requests } = history.final;
  const index = indexHistory(history);
  const recordPairs = new RecordPairs(index, requests.length);
  const pairs = recordPairs.table;
  const answerPairs = pairsOf(recordPairs, operations, (op) => op.type === 'ok');
  const lockPairs = pairsOf(recordPairs, locks);
  const requestPairs = pairsOf(recordPairs, requests);
  const pairCount = pairs.size;
  const lockTally = tally(lockPairs, pairCount);
  const requestTally = tally(requestPairs, pairCount);
  let okAnswers = 0;
  // A pair answered two requestIds: the first id its answers carried, and whether another came.
  const firstId: (string | undefined)[] = new Array(pairCount);
  const twoIds = new Array<number>(pairCount).fill(0);
  for (let i = 0; i < operations.length; i++) {
    const pair = answerPairs[i] as number;
    if (pair < 0) continue;
    okAnswers++;
    const { requestId } = operations[i] as ParticipateOperation;
    if (requestId === undefined) continue;
    const seen = firstId[pair];
    if (seen === undefined) firstId[pair] = requestId;
    else if (seen !== requestId) twoIds[pair] = 1;
  }
  const broken = new Set<number>();
  for (let pair = 0; pair < pairCount; pair++) {
    if (twoIds[pair] === 1 || lockTally.count[pair] !== 1 || requestTally.count[pair] !== 1) broken.add(pair);
    else {
      const lock = locks[lockTally.first[pair] as number];
      const request = requests[requestTally.first[pair] as number];
      if (lock?.requestId !== request?.requestId) broken.add(pair);
    }
  }
  const answersOf = listsOf(operations, answerPairs, broken);
  const locksOf = listsOf(locks, lockPairs, broken);
  const requestsOf = listsOf(requests, requestPairs, broken);

  const { requestsById } = index;
  const counterexamples: unknown[] = [];
  let usersWithTwoRequestIds = 0;
  let pairsWithoutOneLock = 0;
  let pairsWithoutOneRequest = 0;
  let lockMismatches = 0;
  let unknownRequestIds = 0;

  for (const pair of broken) {
    const eventId = pairs.firstOf(pair) as string;
    const userId = pairs.secondOf(pair) as string;
    const pairAnswers = answersOf.get(pair) ?? [];
    const pairLocks = locksOf.get(pair) ?? [];
    const pairRequests = requestsOf.get(pair) ?? [];
    if (twoIds[pair] === 1) {
      usersWithTwoRequestIds++;
      counterexamples.push({
        kind: 'twoRequestIds',
        eventId,
        userId,
        requestIds: distinctRequestIds(pairAnswers),
        answers: quote(pairAnswers),
      });
    }
    if (pairLocks.length !== 1) {
      pairsWithoutOneLock++;
      counterexamples.push({ kind: 'lockCount', eventId, userId, locks: quote(pairLocks) });
    }
    if (pairRequests.length !== 1) {
      pairsWithoutOneRequest++;
      counterexamples.push({ kind: 'requestCount', eventId, userId, requests: quote(pairRequests) });
    }
    const [lock] = pairLocks;
    const [request] = pairRequests;
    if (pairLocks.length === 1 && pairRequests.length === 1 && lock?.requestId !== request?.requestId) {
      lockMismatches++;
      counterexamples.push({ kind: 'lockNamesAnotherRequest', lock, request });
    }
  }

  for (const op of operations) {
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
      ? `${pairs.size} (eventId, userId) pairs each have one requestId, one lock and one request`
      : `${counterexamples.length} violation(s) among ${pairs.size} (eventId, userId) pairs`,
    counts: {
      pairs: pairs.size,
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

/** The requestIds the answers carried, in order of first appearance. */
function distinctRequestIds(answers: readonly ParticipateOperation[]): string[] {
  const ids = new Set<string>();
  for (const { requestId } of answers) if (requestId !== undefined) ids.add(requestId);
  return [...ids];
}

function quote<T>(records: readonly T[]): T[] {
  return records.slice(0, COUNTEREXAMPLE_LIMIT);
}
