/**
 * I8 Analytics reconciliation (spec section 6.8): exactly one ParticipationProcessed per final
 * request, with finalStatus equal to the item's and queuedAt inherited from it. Redelivery can
 * publish an event twice; such duplicates are counted and shown, not failed. A final request
 * with no event, an event for a request that is not final (or unknown), or an event whose
 * status or queuedAt disagrees with the table is a violation. Requests the recovery sweep gave up
 * on (FAILED_INGEST_ENQUEUE) never reached the worker, which is what publishes: they are counted
 * apart, not expected in the analytics.
 */
import { isFinalStatus, type RequestItem } from '../services/common';
import { pushTo } from './group';
import type { History } from './history';
import { judgedByViolations, nothingToJudge, type Verdict } from './verdict';

const ID = 'I8';
const TITLE = 'Analytics reconciliation: one ParticipationProcessed per final request, matching the table';

export function checkAnalyticsReconciliation(history: History): Verdict {
  const analytics = history.analytics;
  if (!analytics) {
    return nothingToJudge(ID, TITLE, 'no analytics delivery was collected');
  }
  const requests = new Map<string, RequestItem>(history.final.requests.map((r) => [r.requestId, r]));
  const eventsByRequest = new Map<string, Record<string, unknown>[]>();
  for (const { detail } of analytics.records) {
    const requestId = String(detail.requestId);
    pushTo(eventsByRequest, requestId, detail);
  }

  const counterexamples: unknown[] = [];
  const counts = {
    finalRequests: 0,
    events: analytics.records.length,
    missing: 0,
    duplicates: 0,
    mismatched: 0,
    orphans: 0,
    neverEnqueued: 0,
  };
  for (const request of requests.values()) {
    if (!isFinalStatus(request.status)) continue;
    if (request.resultCode === 'FAILED_INGEST_ENQUEUE') {
      counts.neverEnqueued++;
      continue;
    }
    counts.finalRequests++;
    const events = eventsByRequest.get(request.requestId) ?? [];
    if (events.length === 0) {
      counts.missing++;
      counterexamples.push({ kind: 'missingEvent', request: brief(request) });
      continue;
    }
    counts.duplicates += events.length - 1;
    for (const event of events) {
      const timestamps = (event.timestamps ?? {}) as Record<string, unknown>;
      const queuedAt = timestamps.queuedAt ?? null;
      if (event.finalStatus !== request.status || queuedAt !== (request.queuedAt ?? null)) {
        counts.mismatched++;
        counterexamples.push({ kind: 'eventDisagreesWithTable', request: brief(request), event });
      }
    }
  }
  for (const [requestId, events] of eventsByRequest) {
    const request = requests.get(requestId);
    if (!request || !isFinalStatus(request.status)) {
      counts.orphans += events.length;
      counterexamples.push({
        kind: 'eventForNonFinalRequest',
        requestId,
        status: request?.status ?? 'unknown',
        event: events[0],
      });
    }
  }
  const violations = counts.missing + counts.mismatched + counts.orphans;
  return judgedByViolations({
    id: ID,
    title: TITLE,
    violations,
    counterexamples,
    summaryIfValid: `${counts.finalRequests} final requests each have their event (${counts.duplicates} redelivery duplicate(s) counted)`,
    summaryIfInvalid: `${counts.missing} missing, ${counts.mismatched} disagreeing and ${counts.orphans} orphan event(s) among ${counts.events}`,
    counts: { ...counts, violations },
  });
}

function brief(request: RequestItem) {
  return {
    requestId: request.requestId,
    status: request.status,
    resultCode: request.resultCode,
    queuedAt: request.queuedAt,
  };
}
