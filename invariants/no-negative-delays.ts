/**
 * I6 Zero negative delays and zero missing timestamps, DynamoDB part (spec section 6.6; the
 * analytics part belongs to the analytics reconciliation).
 *
 *   requestedAt <= queuedAt <= startedAt <= finishedAt     (each where present)
 *   queue delay = startedAt - queuedAt, end-to-end delay = finishedAt - queuedAt: never < 0
 *
 * SUCCEEDED and REJECTED went through the worker, so they carry all three of queuedAt, startedAt
 * and finishedAt. FAILED_FINAL carries finishedAt; startedAt is absent when it failed from
 * RECEIVED or QUEUED, but a startedAt without queuedAt means the worker processed it early.
 * Requests that are not final are I5's finding and are only counted here.
 */
import { isFinalStatus, type RequestItem, Status } from '../services/common';
import type { History } from './history';
import { COUNTEREXAMPLE_LIMIT, type Verdict } from './verdict';

const ORDER = ['requestedAt', 'queuedAt', 'startedAt', 'finishedAt'] as const;
type Stamp = (typeof ORDER)[number];

export function checkNoNegativeDelays(history: History): Verdict {
  const finalRequests = history.final.requests.filter((r) => isFinalStatus(r.status));
  const counterexamples: unknown[] = [];
  const counts = {
    finalRequests: finalRequests.length,
    notFinal: history.final.requests.length - finalRequests.length,
    negativeQueueDelay: 0,
    negativeE2eDelay: 0,
    outOfOrder: 0,
    missingTimestamps: 0,
  };

  for (const request of finalRequests) {
    const { queuedAt, startedAt, finishedAt } = request;
    const negativeQueueDelay = queuedAt !== undefined && startedAt !== undefined && startedAt < queuedAt;
    const negativeE2eDelay = queuedAt !== undefined && finishedAt !== undefined && finishedAt < queuedAt;
    if (negativeQueueDelay) counts.negativeQueueDelay++;
    if (negativeE2eDelay) counts.negativeE2eDelay++;
    const unordered = findUnorderedPair(request);
    if (unordered !== undefined && !negativeQueueDelay && !negativeE2eDelay) counts.outOfOrder++;
    const missing = missingStamps(request);
    if (missing.length > 0) counts.missingTimestamps++;
    if (unordered !== undefined || missing.length > 0) {
      counterexamples.push({
        kind: unordered !== undefined ? 'negativeDelay' : 'missingTimestamps',
        ...(unordered === undefined ? {} : { later: unordered[0], earlier: unordered[1] }),
        ...(missing.length === 0 ? {} : { missing }),
        request: quote(request),
      });
    }
  }

  const violations = counterexamples.length;
  return {
    id: 'I6',
    title: 'No negative delays and no missing timestamps (DynamoDB)',
    valid: violations === 0,
    summary:
      violations === 0
        ? `${counts.finalRequests} final requests have ordered, complete timestamps`
        : `${counts.negativeQueueDelay} negative queue delays, ${counts.negativeE2eDelay} negative end-to-end delays, ` +
          `${counts.outOfOrder} other out-of-order and ${counts.missingTimestamps} incomplete requests`,
    counts: { ...counts, violations },
    counterexamples: counterexamples.slice(0, COUNTEREXAMPLE_LIMIT),
  };
}

/** The first pair of present timestamps where the later one in the lifecycle is smaller. */
function findUnorderedPair(request: RequestItem): [Stamp, Stamp] | undefined {
  const present = ORDER.filter((stamp) => request[stamp] !== undefined);
  for (const [i, earlier] of present.entries()) {
    for (const later of present.slice(i + 1)) {
      if ((request[later] ?? 0) < (request[earlier] ?? 0)) return [later, earlier];
    }
  }
  return undefined;
}

function missingStamps(request: RequestItem): Stamp[] {
  const required: Stamp[] =
    request.status === Status.FAILED_FINAL
      ? ['finishedAt', ...(request.startedAt === undefined ? [] : (['queuedAt'] as const))]
      : ['queuedAt', 'startedAt', 'finishedAt'];
  return required.filter((stamp) => request[stamp] === undefined);
}

function quote(request: RequestItem): unknown {
  const { requestId, status, resultCode, requestedAt, queuedAt, startedAt, finishedAt } = request;
  return { requestId, status, resultCode, requestedAt, queuedAt, startedAt, finishedAt };
}
