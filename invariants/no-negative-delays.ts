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
import { judgedByViolations, type Verdict } from './verdict';

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
  return judgedByViolations({
    id: 'I6',
    title: 'No negative delays and no missing timestamps (DynamoDB)',
    violations,
    counterexamples,
    summaryIfValid: `${counts.finalRequests} final requests have ordered, complete timestamps`,
    summaryIfInvalid:
      `${counts.negativeQueueDelay} negative queue delays, ${counts.negativeE2eDelay} negative end-to-end delays, ` +
      `${counts.outOfOrder} other out-of-order and ${counts.missingTimestamps} incomplete requests`,
    counts: { ...counts, violations },
  });
}

/** The first pair of present timestamps where the later one in the lifecycle is smaller. */
// Index loops without intermediate arrays: this runs once per request, a million times at scale.
function findUnorderedPair(request: RequestItem): [Stamp, Stamp] | undefined {
  for (let i = 0; i < ORDER.length; i++) {
    const earlier = ORDER[i] as Stamp;
    const earlierAt = request[earlier];
    if (earlierAt === undefined) continue;
    for (let j = i + 1; j < ORDER.length; j++) {
      const later = ORDER[j] as Stamp;
      const laterAt = request[later];
      if (laterAt !== undefined && laterAt < earlierAt) return [later, earlier];
    }
  }
  return undefined;
}

const REQUIRED_WHEN_PROCESSED: readonly Stamp[] = ['queuedAt', 'startedAt', 'finishedAt'];
const NONE: readonly Stamp[] = [];

function missingStamps(request: RequestItem): readonly Stamp[] {
  if (request.status === Status.FAILED_FINAL) {
    const missing: Stamp[] = [];
    if (request.finishedAt === undefined) missing.push('finishedAt');
    if (request.startedAt !== undefined && request.queuedAt === undefined) missing.push('queuedAt');
    return missing;
  }
  const { queuedAt, startedAt, finishedAt } = request;
  if (queuedAt !== undefined && startedAt !== undefined && finishedAt !== undefined) return NONE;
  return REQUIRED_WHEN_PROCESSED.filter((stamp) => request[stamp] === undefined);
}

function quote(request: RequestItem): unknown {
  const { requestId, status, resultCode, requestedAt, queuedAt, startedAt, finishedAt } = request;
  return { requestId, status, resultCode, requestedAt, queuedAt, startedAt, finishedAt };
}
