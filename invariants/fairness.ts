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
import { EventType, ResultCode, Status } from '../services/common';
import type { History } from './history';
import type { Checker, Validity, Verdict } from './verdict';

const WORST_PAIRS = 5;

interface Contender {
  readonly requestId: string;
  readonly userId: string;
  readonly sentAt: number;
  readonly answeredAt: number;
  readonly won: boolean;
}

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
  const { contenders, withoutSendTime, inconsistentTimes } = collectContenders(history);
  const bySent = sortedBy(contenders, (c) => c.sentAt);
  const byAnswer = sortedBy(contenders, (c) => c.answeredAt);
  let comparablePairs = 0;
  let inversions = 0;
  let answeredBefore = 0;
  let lostBefore = 0;
  for (const b of bySent) {
    // Every request answered strictly before b was sent; b itself never is (answer >= send).
    while (answeredBefore < byAnswer.length && (byAnswer[answeredBefore]?.answeredAt ?? 0) < b.sentAt) {
      if (byAnswer[answeredBefore]?.won === false) lostBefore++;
      answeredBefore++;
    }
    comparablePairs += answeredBefore;
    if (b.won) inversions += lostBefore;
  }
  return {
    contenders: contenders.length,
    comparablePairs,
    inversions,
    inversionRate: comparablePairs === 0 ? Number.NaN : inversions / comparablePairs,
    withoutSendTime,
    inconsistentTimes,
    worstPairs: findWorstPairs(byAnswer, bySent),
  };
}

/**
 * The contenders in order of a time, ties in input order. Packs (time - earliest) and the index
 * into one float and sorts a Float64Array natively, several times faster at 1M than a comparator
 * sort of objects; falls back to that sort when the product would not be exact.
 */
function sortedBy(contenders: readonly Contender[], time: (c: Contender) => number): Contender[] {
  const n = contenders.length;
  let earliest = Number.POSITIVE_INFINITY;
  let latest = Number.NEGATIVE_INFINITY;
  let whole = true;
  for (const c of contenders) {
    const t = time(c);
    earliest = Math.min(earliest, t);
    latest = Math.max(latest, t);
    whole &&= Number.isInteger(t);
  }
  if (n === 0 || !whole || !Number.isSafeInteger((latest - earliest + 1) * n)) {
    return [...contenders].sort((x, y) => time(x) - time(y));
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (time(contenders[i] as Contender) - earliest) * n + i;
  keys.sort();
  return Array.from(keys, (key) => contenders[key % n] as Contender);
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

/** Final requests of the run's FIRST_COME event that ended with a seat or a capacity rejection. */
function collectContenders(history: History): {
  contenders: Contender[];
  withoutSendTime: number;
  inconsistentTimes: number;
} {
  const { eventId } = history.parameters;
  // The first send and the first 202 of each requestId (a user who asks again gets the same id).
  const sends = new Map<string, { sentAt: number | undefined; answeredAt: number }>();
  for (const op of history.operations) {
    if (op.type !== 'ok' || op.requestId === undefined || op.eventId !== eventId) continue;
    const seen = sends.get(op.requestId);
    if (seen === undefined) {
      sends.set(op.requestId, { sentAt: op.sentAt, answeredAt: op.time });
      continue;
    }
    if (op.time < seen.answeredAt) seen.answeredAt = op.time;
    if (op.sentAt !== undefined && (seen.sentAt === undefined || op.sentAt < seen.sentAt))
      seen.sentAt = op.sentAt;
  }
  const contenders: Contender[] = [];
  let withoutSendTime = 0;
  let inconsistentTimes = 0;
  for (const r of history.final.requests) {
    if (r.eventId !== eventId || r.eventType !== EventType.FIRST_COME) continue;
    const won = r.status === Status.SUCCEEDED;
    const lost = r.status === Status.REJECTED && r.resultCode === ResultCode.REJECTED_CAPACITY;
    if (!won && !lost) continue;
    const send = sends.get(r.requestId);
    if (send === undefined) continue;
    if (send.sentAt === undefined) {
      withoutSendTime++;
      continue;
    }
    if (send.answeredAt < send.sentAt) {
      inconsistentTimes++;
      continue;
    }
    contenders.push({
      requestId: r.requestId,
      userId: r.userId,
      sentAt: send.sentAt,
      answeredAt: send.answeredAt,
      won,
    });
  }
  return { contenders, withoutSendTime, inconsistentTimes };
}

/**
 * The pairs with the longest gap between the loser's 202 and the winner's send. The gap is
 * winner.sentAt - loser.answeredAt, so the five largest come from the five earliest-answered
 * losers and the five latest-sent winners: 25 candidates, whatever the size of the run.
 */
function findWorstPairs(byAnswer: readonly Contender[], bySent: readonly Contender[]): FairnessPair[] {
  const losers: Contender[] = [];
  for (const c of byAnswer) {
    if (losers.length === WORST_PAIRS) break;
    if (!c.won) losers.push(c);
  }
  const winners: Contender[] = [];
  for (let i = bySent.length - 1; i >= 0 && winners.length < WORST_PAIRS; i--) {
    const c = bySent[i];
    if (c?.won) winners.push(c);
  }
  const pairs = losers.flatMap((loser) =>
    winners
      .filter((winner) => loser.answeredAt < winner.sentAt)
      .map((winner) => ({ gapMs: winner.sentAt - loser.answeredAt, loser, winner })),
  );
  return pairs
    .sort((x, y) => y.gapMs - x.gapMs)
    .slice(0, WORST_PAIRS)
    .map(({ gapMs, loser, winner }) => ({
      kind: 'inversion' as const,
      gapMs,
      rejected: {
        requestId: loser.requestId,
        userId: loser.userId,
        sentAt: loser.sentAt,
        answeredAt: loser.answeredAt,
      },
      seated: {
        requestId: winner.requestId,
        userId: winner.userId,
        sentAt: winner.sentAt,
        answeredAt: winner.answeredAt,
      },
    }));
}
