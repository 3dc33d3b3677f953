/**
 * I16 Fairness (spec section 6.16), a measure with an optional bound. For a FIRST_COME event:
 *
 *   a: sent ----- 202 |                         a REJECTED
 *   b:                |  (later) sent --- 202   b SUCCEEDED     -> an inversion
 *
 * A pair (a, b) is comparable when a's first 202 reached its client before b was first sent:
 * they did not overlap in real time, so a first-come pipeline should have served a no later
 * than b. It is an inversion when b got a seat and a was REJECTED for capacity. A standard SQS
 * queue gives no order guarantee, so inversions are expected near the capacity boundary: the
 * rate is reported, and judged only against a configured bound (FAIRNESS_MAX_INVERSION_RATE).
 *
 * O(n log n): the requests sorted by answer time and by send time, one sweep counts for every b
 * the requests answered before b was sent (comparable) and how many of them lost (inversions).
 * Requests without a send time, without a 202 or with an answer before their send are left out
 * and counted; with nothing to compare the measure is unknown.
 */
import { EventType, type RequestItem, ResultCode, Status } from '../services/common';
import type { History } from './history';
import { indexHistory } from './history-index';
import type { Checker, Validity, Verdict } from './verdict';

const WORST_PAIRS = 5;

export interface FairnessOptions {
  /** Highest acceptable inversions / comparable pairs; absent = a measure only. */
  readonly maxInversionRate?: number;
}

/** One side of a quoted pair: which request, and when it was sent and answered. */
export interface FairnessSide {
  readonly requestId: string;
  readonly userId: string;
  readonly sentAt: number;
  readonly answeredAt: number;
}

/** The rejected request was answered gapMs before the seated one was sent. */
export interface FairnessPair {
  readonly kind: 'inversion';
  readonly gapMs: number;
  readonly rejected: FairnessSide;
  readonly seated: FairnessSide;
}

export interface FairnessMeasure {
  readonly contenders: number;
  readonly comparablePairs: number;
  readonly inversions: number;
  /** inversions / comparablePairs; NaN when nothing was comparable. */
  readonly inversionRate: number;
  readonly withoutSendTime: number;
  readonly inconsistentTimes: number;
  readonly worstPairs: readonly FairnessPair[];
}

export function measureFairness(history: History): FairnessMeasure {
  const contenders = collectContenders(history);
  const { sentAt, answeredAt, won } = contenders;
  const bySent = sortedBy(sentAt);
  const byAnswer = sortedBy(answeredAt);
  const n = bySent.length;
  let comparablePairs = 0;
  let inversions = 0;
  let answeredBefore = 0;
  let lostBefore = 0;
  for (let k = 0; k < n; k++) {
    const b = bySent[k] as number;
    const bSent = sentAt[b] as number;
    // Every request answered strictly before b was sent; b itself never is (answer >= send).
    while (answeredBefore < n && (answeredAt[byAnswer[answeredBefore] as number] as number) < bSent) {
      if (won[byAnswer[answeredBefore] as number] === 0) lostBefore++;
      answeredBefore++;
    }
    comparablePairs += answeredBefore;
    if (won[b] === 1) inversions += lostBefore;
  }
  return {
    contenders: n,
    comparablePairs,
    inversions,
    inversionRate: comparablePairs === 0 ? Number.NaN : inversions / comparablePairs,
    withoutSendTime: contenders.withoutSendTime,
    inconsistentTimes: contenders.inconsistentTimes,
    worstPairs: findWorstPairs(contenders, byAnswer, bySent),
  };
}

/**
 * The contenders' numbers in order of a time, ties in input order. Packs (time - earliest) and
 * the number into one float and sorts a Float64Array natively, several times faster at 1M than
 * a comparator sort; falls back to that sort when the product would not be exact.
 */
function sortedBy(times: readonly number[]): number[] {
  const n = times.length;
  let earliest = Number.POSITIVE_INFINITY;
  let latest = Number.NEGATIVE_INFINITY;
  let whole = true;
  for (const t of times) {
    earliest = Math.min(earliest, t);
    latest = Math.max(latest, t);
    whole &&= Number.isInteger(t);
  }
  if (n === 0 || !whole || !Number.isSafeInteger((latest - earliest + 1) * n)) {
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (x, y) => (times[x] as number) - (times[y] as number),
    );
    return order;
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = ((times[i] as number) - earliest) * n + i;
  keys.sort();
  return Array.from(keys, (key) => key % n);
}

/** The checker with a bound; `checkFairness` is the measure alone. */
export function fairnessChecker(options: FairnessOptions = {}): Checker {
  const { maxInversionRate } = options;
  return function checkFairness(history: History): Verdict {
    const m = measureFairness(history);
    const bounded = maxInversionRate !== undefined;
    const valid: Validity =
      m.comparablePairs === 0 ? 'unknown' : !(bounded && m.inversionRate > maxInversionRate);
    const rate = Number.isNaN(m.inversionRate) ? 'n/a' : `${(100 * m.inversionRate).toFixed(3)}%`;
    return {
      id: 'I16',
      title: 'Fairness: seats inverted among requests that did not overlap in time (FIRST_COME)',
      valid,
      summary:
        valid === 'unknown'
          ? `no comparable pair: ${m.contenders} requests with a send time, a 202 and a seat or a rejection` +
            (m.withoutSendTime > 0 ? `; ${m.withoutSendTime} without a send time` : '')
          : `${m.inversions} inversions in ${m.comparablePairs} comparable pairs (${rate}) among ${m.contenders} requests` +
            (bounded
              ? `, bound ${(100 * maxInversionRate).toFixed(3)}%`
              : ', a measure (no bound configured)'),
      counts: {
        contenders: m.contenders,
        comparablePairs: m.comparablePairs,
        inversions: m.inversions,
        ...(Number.isNaN(m.inversionRate) ? {} : { inversionRate: m.inversionRate }),
        ...(bounded ? { maxInversionRate } : {}),
        withoutSendTime: m.withoutSendTime,
        inconsistentTimes: m.inconsistentTimes,
      },
      // The worst pairs are quoted even when no bound is set: they are what a reader looks at.
      counterexamples: m.worstPairs,
    };
  };
}

export const checkFairness: Checker = fairnessChecker();

/** FAIRNESS_MAX_INVERSION_RATE as given (a share, 0..1); undefined when unset or empty. */
export function parseInversionRate(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const rate = Number(text);
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new Error(
      `FAIRNESS_MAX_INVERSION_RATE must be a share between 0 and 1, got ${JSON.stringify(text)}`,
    );
  }
  return rate;
}

/**
 * Final requests of the run's FIRST_COME event that ended with a seat or a capacity rejection,
 * as columns: contender i is the request item at position `positions[i]`.
 */
interface Contenders {
  readonly requests: readonly RequestItem[];
  readonly positions: readonly number[];
  readonly sentAt: readonly number[];
  readonly answeredAt: readonly number[];
  readonly won: readonly number[];
  readonly withoutSendTime: number;
  readonly inconsistentTimes: number;
}

function collectContenders(history: History): Contenders {
  const { eventId } = history.parameters;
  const index = indexHistory(history);
  // The first send and the first 202 of each requestId (a user who asks again gets the same id),
  // by request number; NaN until seen. Plain arrays, not typed ones: see TextPairNumbers.
  const firstSent = new Array<number>(index.requestCount).fill(Number.NaN);
  const firstAnswer = new Array<number>(index.requestCount).fill(Number.NaN);
  const answered = new Array<number>(index.requestCount).fill(0);
  for (const op of history.operations) {
    if (op.type !== 'ok' || op.requestId === undefined || op.eventId !== eventId) continue;
    const n = index.requestNumberOf(op.requestId);
    if (n === undefined) continue;
    if (answered[n] === 0 || op.time < (firstAnswer[n] as number)) firstAnswer[n] = op.time;
    answered[n] = 1;
    if (op.sentAt !== undefined && !(op.sentAt >= (firstSent[n] as number))) firstSent[n] = op.sentAt;
  }
  const { requests } = history.final;
  // Sized up front and cut at the end: an array grown by push leaves each old copy behind.
  const positions = new Array<number>(requests.length);
  const sentAt = new Array<number>(requests.length);
  const answeredAt = new Array<number>(requests.length);
  const won = new Array<number>(requests.length);
  let count = 0;
  let withoutSendTime = 0;
  let inconsistentTimes = 0;
  for (let p = 0; p < requests.length; p++) {
    const r = requests[p] as RequestItem;
    if (r.eventId !== eventId || r.eventType !== EventType.FIRST_COME) continue;
    const seated = r.status === Status.SUCCEEDED;
    const lost = r.status === Status.REJECTED && r.resultCode === ResultCode.REJECTED_CAPACITY;
    if (!seated && !lost) continue;
    const n = index.requestNumberAt[p] as number;
    if (answered[n] === 0) continue;
    const sent = firstSent[n] as number;
    const answer = firstAnswer[n] as number;
    if (Number.isNaN(sent)) {
      withoutSendTime++;
      continue;
    }
    if (answer < sent) {
      inconsistentTimes++;
      continue;
    }
    positions[count] = p;
    sentAt[count] = sent;
    answeredAt[count] = answer;
    won[count] = seated ? 1 : 0;
    count++;
  }
  for (const column of [positions, sentAt, answeredAt, won]) column.length = count;
  return {
    requests,
    positions,
    sentAt,
    answeredAt,
    won,
    withoutSendTime,
    inconsistentTimes,
  };
}

/**
 * The pairs with the longest gap between the loser's 202 and the winner's send. The gap is
 * winner.sentAt - loser.answeredAt, so the five largest come from the five earliest-answered
 * losers and the five latest-sent winners: 25 candidates, whatever the size of the run.
 */
function findWorstPairs(
  c: Contenders,
  byAnswer: readonly number[],
  bySent: readonly number[],
): FairnessPair[] {
  const losers: number[] = [];
  for (const i of byAnswer) {
    if (losers.length === WORST_PAIRS) break;
    if (c.won[i] === 0) losers.push(i);
  }
  const winners: number[] = [];
  for (let k = bySent.length - 1; k >= 0 && winners.length < WORST_PAIRS; k--) {
    const i = bySent[k] as number;
    if (c.won[i] === 1) winners.push(i);
  }
  const side = (i: number): FairnessSide => {
    const request = c.requests[c.positions[i] as number] as RequestItem;
    return {
      requestId: request.requestId,
      userId: request.userId,
      sentAt: c.sentAt[i] as number,
      answeredAt: c.answeredAt[i] as number,
    };
  };
  const pairs = losers.flatMap((loser) =>
    winners
      .filter((winner) => (c.answeredAt[loser] as number) < (c.sentAt[winner] as number))
      .map((winner) => ({
        gapMs: (c.sentAt[winner] as number) - (c.answeredAt[loser] as number),
        loser,
        winner,
      })),
  );
  return pairs
    .sort((x, y) => y.gapMs - x.gapMs)
    .slice(0, WORST_PAIRS)
    .map(({ gapMs, loser, winner }) => ({
      kind: 'inversion' as const,
      gapMs,
      rejected: side(loser),
      seated: side(winner),
    }));
}
