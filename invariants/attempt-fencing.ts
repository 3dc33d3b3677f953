/**
 * Invariant 14, attempt fencing, from each request's status log:
 *
 *   QUEUED -> PROCESSING (attempt 1) -> PROCESSING (attempt 2, a takeover) -> SUCCEEDED (attempt 2)
 *             ^ startedAt = this log's time                                  ^ finishedAt = this log's time
 *
 * Each PROCESSING log raises attempt by exactly one (a takeover that keeps the attempt lets two
 * workers both believe they hold the request); the final log's attempt equals the item's;
 * startedAt keeps the first PROCESSING time (a takeover must not reset it) and finishedAt is the
 * final log's; RECEIVED -> FAILED_FINAL happens only with FAILED_INGEST_ENQUEUE.
 */
import { isFinalStatus, type RequestItem, ResultCode, Status, type StatusLogItem } from '../services/common';
import type { History } from './history';
import { COUNTEREXAMPLE_LIMIT, type Verdict } from './verdict';

export function checkAttemptFencing(history: History): Verdict {
  const logsById = new Map<string, StatusLogItem[]>();
  for (const log of history.final.statusLogs) {
    const requestId = log.PK.slice('REQ#'.length);
    const list = logsById.get(requestId);
    if (list) list.push(log);
    else logsById.set(requestId, [log]);
  }
  const counterexamples: unknown[] = [];
  let judged = 0;
  let violations = 0;
  for (const request of history.final.requests) {
    const logs = logsById.get(request.requestId);
    if (!logs || logs.length === 0) continue;
    judged++;
    const finding = judgeRequest(request, orderByTransition(logs));
    if (finding) {
      violations++;
      counterexamples.push(finding);
    }
  }
  const title = 'Attempt fencing: takeovers raise attempt by one, startedAt and finishedAt match the log';
  const counts = { requestsWithLogs: judged, violations };
  if (judged === 0) {
    return {
      id: 'I14',
      title,
      valid: 'unknown',
      summary: 'no request has status-log items: nothing to judge',
      counts,
      counterexamples: [],
    };
  }
  return {
    id: 'I14',
    title,
    valid: violations === 0,
    summary:
      violations === 0
        ? `${judged} requests: every attempt raised by one, timestamps equal to their logs`
        : `${violations} request(s) break attempt fencing`,
    counts,
    counterexamples: counterexamples.slice(0, COUNTEREXAMPLE_LIMIT),
  };
}

/**
 * Logs in transition order: the table is a chain RECEIVED -> QUEUED -> PROCESSING (one log per
 * attempt) -> final, so a log's place follows from its toStatus and attempt, not from timestamps
 * that different processes' clocks wrote (I15 judges those).
 */
export function orderByTransition(logs: readonly StatusLogItem[]): StatusLogItem[] {
  const rank = (log: StatusLogItem) =>
    log.toStatus === Status.RECEIVED
      ? 0
      : log.toStatus === Status.QUEUED
        ? 1
        : log.toStatus === Status.PROCESSING
          ? 2
          : 3;
  return [...logs].sort((a, b) => rank(a) - rank(b) || a.attempt - b.attempt || a.occurredAt - b.occurredAt);
}

function judgeRequest(
  request: RequestItem,
  logs: readonly StatusLogItem[],
): Record<string, unknown> | undefined {
  const quote = (problem: string, extra: Record<string, unknown> = {}) => ({
    problem,
    requestId: request.requestId,
    item: {
      status: request.status,
      attempt: request.attempt,
      startedAt: request.startedAt,
      finishedAt: request.finishedAt,
      resultCode: request.resultCode,
    },
    logs: logs.map((log) => `${log.fromStatus ?? '-'}->${log.toStatus}@${log.occurredAt}#${log.attempt}`),
    ...extra,
  });
  const processing = logs.filter((log) => log.toStatus === Status.PROCESSING);
  for (const [i, log] of processing.entries()) {
    if (log.attempt !== i + 1)
      return quote('attemptNotRaisedByOne', { expectedAttempt: i + 1, loggedAttempt: log.attempt });
  }
  const first = processing[0];
  if (first && request.startedAt !== first.occurredAt) {
    return quote('startedAtNotFirstProcessing', { firstProcessingAt: first.occurredAt });
  }
  const final = logs.find((log) => isFinalStatus(log.toStatus));
  if (!final) return undefined;
  if (final.attempt !== request.attempt)
    return quote('finalAttemptDiffers', { finalLogAttempt: final.attempt });
  if (request.finishedAt !== final.occurredAt)
    return quote('finishedAtNotFinalLog', { finalLogAt: final.occurredAt });
  if (final.fromStatus === Status.RECEIVED && request.resultCode !== ResultCode.FAILED_INGEST_ENQUEUE) {
    return quote('receivedToFinalWithoutEnqueueFailure');
  }
  return undefined;
}
