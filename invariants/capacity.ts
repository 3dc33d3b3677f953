/**
 * I1 Capacity (spec section 6.1), for the run's event with N seats:
 *   SUCCEEDED = min(N, distinct users that reached the worker), never above N;
 *   capacityRemaining = N - SUCCEEDED, never negative (final item and every sample).
 *
 * "Reached the worker" is a request the worker acquired (it has startedAt), or one it finished as
 * SUCCEEDED or REJECTED for capacity. A request the worker acquired and then failed still competed
 * for a seat: if it pushes min(N, users) above SUCCEEDED, a healthy request lost its chance.
 * Poison messages and ingest give-ups never acquire, so they do not count.
 * Seats are only ever taken, never given back, so a REJECTED_CAPACITY proves the counter was 0
 * at that moment: any rejection forces SUCCEEDED = N, and SUCCEEDED < N beside one is a
 * rejection while seats remained.
 * A request finalised FAILED_FINAL after it was acquired (a DLQ handler's final step) may or may
 * not have competed: when counting it decides the verdict (SUCCEEDED equals min(N, users) only
 * without it), I1 answers unknown and lists those requests; I12 judges whether they may fail.
 */
import { type RequestItem, ResultCode, Status } from '../services/common';
import { pushTo } from './group';
import type { History } from './history';
import { TextPairNumbers } from './text-pair-numbers';
import { COUNTEREXAMPLE_LIMIT, type Validity, type Verdict } from './verdict';

export function checkCapacity(history: History): Verdict {
  const { eventId, capacity: seats } = history.parameters;
  // One pass: the seats, the capacity rejections and the users who reached the worker.
  const succeeded: RequestItem[] = [];
  // The rejections are counted and only the first ones kept: a counterexample quotes no more,
  // and at 1M requests they are most of the requests.
  let rejectedForCapacity = 0;
  const firstRejected: RequestItem[] = [];
  // The users who reached the worker, numbered in one table (not a Set of a million strings, see
  // TextPairNumbers); surely[n] = 1 for those who did by a request that did not end FAILED_FINAL:
  // competitors for sure.
  const reachedUsers = new TextPairNumbers(history.final.requests.length);
  const surely: number[] = [];
  let surelyReached = 0;
  const failedAfterAcquire: RequestItem[] = [];
  for (const r of history.final.requests) {
    if (r.eventId !== eventId) continue;
    const seated = r.status === Status.SUCCEEDED;
    const rejected = r.status === Status.REJECTED && r.resultCode === ResultCode.REJECTED_CAPACITY;
    if (seated) succeeded.push(r);
    if (rejected && rejectedForCapacity++ < COUNTEREXAMPLE_LIMIT) firstRejected.push(r);
    if (!seated && !rejected && r.startedAt === undefined) continue;
    const user = reachedUsers.numberOf('', r.userId);
    if (r.status === Status.FAILED_FINAL) failedAfterAcquire.push(r);
    else if (surely[user] !== 1) {
      surely[user] = 1;
      surelyReached++;
    }
  }
  const expectedSucceeded = Math.min(seats, reachedUsers.size);
  const expectedWithoutFailed = Math.min(seats, surelyReached);
  const counterexamples: unknown[] = [];

  if (succeeded.length > seats) {
    counterexamples.push({
      kind: 'seatsAboveCapacity',
      capacity: seats,
      succeeded: succeeded.length,
      requests: quoteRequests(succeeded),
    });
  }
  for (const requestsOfUser of groupByUser(succeeded).values()) {
    if (requestsOfUser.length > 1) {
      counterexamples.push({ kind: 'userSeatedTwice', requests: quoteRequests(requestsOfUser) });
    }
  }
  if (rejectedForCapacity > 0 && succeeded.length < seats) {
    counterexamples.push({
      kind: 'rejectedWhileSeatsRemain',
      capacity: seats,
      succeeded: succeeded.length,
      requests: quoteRequests(firstRejected),
    });
  }
  // The cases above explain every way to miss min(N, users); this catches anything they do not,
  // unless the FAILED_FINAL requests explain the gap by not having competed (then: undecided).
  const gap = counterexamples.length === 0 && succeeded.length !== expectedSucceeded;
  const undecided = gap && succeeded.length >= expectedWithoutFailed && succeeded.length < expectedSucceeded;
  const failedCompetitors = failedAfterAcquire.filter((r) => surely[reachedUsers.find('', r.userId)] !== 1);
  if (gap && !undecided) {
    counterexamples.push({ kind: 'seatCountMismatch', expectedSucceeded, succeeded: succeeded.length });
  }

  const capacityItem = history.final.capacities.find((c) => c.eventId === eventId);
  if (capacityItem !== undefined) {
    if (capacityItem.capacityRemaining < 0) {
      counterexamples.push({ kind: 'negativeCapacityRemaining', capacityItem });
    }
    if (capacityItem.capacityRemaining !== seats - succeeded.length) {
      counterexamples.push({
        kind: 'capacityRemainingMismatch',
        expectedRemaining: seats - succeeded.length,
        succeeded: succeeded.length,
        capacityItem,
      });
    }
    if (capacityItem.capacityTotal !== seats) {
      counterexamples.push({ kind: 'capacityTotalChanged', capacity: seats, capacityItem });
    }
  }

  const sampled = history.samples.filter((s) => s.capacityRemaining !== null);
  const negativeSamples = sampled.filter((s) => (s.capacityRemaining ?? 0) < 0);
  for (const sample of negativeSamples) counterexamples.push({ kind: 'negativeCapacitySample', sample });

  // Without the capacity item the seat count can still be wrong, but it cannot be proven right.
  const valid: Validity =
    counterexamples.length > 0 ? false : capacityItem === undefined || undecided ? 'unknown' : true;
  const remaining = capacityItem?.capacityRemaining;
  // Undecided, the list is the FAILED_FINAL requests that decide it; a violation wins over it.
  const listed =
    counterexamples.length > 0 || !undecided
      ? counterexamples
      : [
          {
            kind: 'failedCompetitorsDecide',
            expectedSucceeded,
            expectedWithoutFailed,
            requests: quoteRequests(failedCompetitors),
          },
        ];
  return {
    id: 'I1',
    title: 'Capacity: SUCCEEDED = min(N, users reaching the worker), capacityRemaining = N - SUCCEEDED >= 0',
    valid,
    summary:
      valid === true
        ? `${succeeded.length} SUCCEEDED = min(${seats}, ${reachedUsers.size} users) and capacityRemaining ${remaining}`
        : valid === 'unknown' && undecided
          ? `${succeeded.length} SUCCEEDED for ${seats} seats is min(N, users) only if the ${failedCompetitors.length} ` +
            `FAILED_FINAL request(s) the worker acquired did not compete (listed; I12 judges their failure)`
          : valid === 'unknown'
            ? `no capacity item for event ${eventId}: capacityRemaining cannot be checked`
            : `${counterexamples.length} capacity violation(s) with ${succeeded.length} SUCCEEDED for ${seats} seats`,
    counts: {
      capacity: seats,
      succeeded: succeeded.length,
      rejectedForCapacity,
      usersReachingWorker: reachedUsers.size,
      expectedSucceeded,
      failedAfterAcquire: failedAfterAcquire.length,
      ...(remaining === undefined ? {} : { capacityRemaining: remaining }),
      samplesChecked: sampled.length,
      negativeSamples: negativeSamples.length,
      violations: counterexamples.length,
    },
    counterexamples: listed.slice(0, COUNTEREXAMPLE_LIMIT),
  };
}

function groupByUser(requests: readonly RequestItem[]): Map<string, RequestItem[]> {
  const byUser = new Map<string, RequestItem[]>();
  for (const request of requests) pushTo(byUser, request.userId, request);
  return byUser;
}

/** The fields a reader needs to find the requests; whole items would bury the point. */
function quoteRequests(requests: readonly RequestItem[]): unknown[] {
  return requests.slice(0, COUNTEREXAMPLE_LIMIT).map((r) => ({
    requestId: r.requestId,
    userId: r.userId,
    status: r.status,
    resultCode: r.resultCode,
    finishedAt: r.finishedAt,
  }));
}
