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
import { indexHistory } from './history-index';
import { COUNTEREXAMPLE_LIMIT, nothingToJudge, type Verdict } from './verdict';

// Read once: an imported binding costs a getter call per use once tsx has compiled the module,
// and these are read for each of a 1M-request history's 4M logs.
const { RECEIVED, QUEUED, PROCESSING } = Status;
const isFinal = isFinalStatus;

export function checkAttemptFencing(history: History): Verdict {
  const index = indexHistory(history);
  const counterexamples: unknown[] = [];
  let judged = 0;
  let violations = 0;
  const { requests } = history.final;
  for (let p = 0; p < requests.length; p++) {
    const request = requests[p] as RequestItem;
    const logs =
      index.unparseableLogsByPk.size === 0
        ? index.logs.of(index.requestNumberAt[p] as number)
        : index.logsOfId(request.requestId);
    if (logs.length === 0) continue;
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
    return nothingToJudge('I14', title, 'no request has status-log items: nothing to judge', counts);
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

/** Every log under the request's PK, also one whose SK does not parse as a status log. */
export function orderByTransition(logs: readonly StatusLogItem[]): readonly StatusLogItem[] {
  // Time order is nearly always transition order already: no copy then.
  for (let i = 1; i < logs.length; i++) {
    if (compareTransitions(logs[i - 1] as StatusLogItem, logs[i] as StatusLogItem) > 0)
      return [...logs].sort(compareTransitions);
  }
  return logs;
}

function compareTransitions(a: StatusLogItem, b: StatusLogItem): number {
  return transitionRank(a) - transitionRank(b) || a.attempt - b.attempt || a.occurredAt - b.occurredAt;
}

function transitionRank(log: StatusLogItem): number {
  return log.toStatus === RECEIVED ? 0 : log.toStatus === QUEUED ? 1 : log.toStatus === PROCESSING ? 2 : 3;
}

function judgeRequest(
  request: RequestItem,
  logs: readonly StatusLogItem[],
): Record<string, unknown> | undefined {
  // One pass, no per-request arrays or closures: a million requests are judged here.
  let processingSeen = 0;
  let first: StatusLogItem | undefined;
  let final: StatusLogItem | undefined;
  for (const log of logs) {
    if (log.toStatus === PROCESSING) {
      processingSeen++;
      if (log.attempt !== processingSeen)
        return quote(request, logs, 'attemptNotRaisedByOne', {
          expectedAttempt: processingSeen,
          loggedAttempt: log.attempt,
        });
      first ??= log;
    } else if (final === undefined && isFinal(log.toStatus)) {
      final = log;
    }
  }
  if (first && request.startedAt !== first.occurredAt) {
    return quote(request, logs, 'startedAtNotFirstProcessing', { firstProcessingAt: first.occurredAt });
  }
  if (!final) return undefined;
  if (final.attempt !== request.attempt)
    return quote(request, logs, 'finalAttemptDiffers', { finalLogAttempt: final.attempt });
  if (request.finishedAt !== final.occurredAt)
    return quote(request, logs, 'finishedAtNotFinalLog', { finalLogAt: final.occurredAt });
  if (final.fromStatus === Status.RECEIVED && request.resultCode !== ResultCode.FAILED_INGEST_ENQUEUE) {
    return quote(request, logs, 'receivedToFinalWithoutEnqueueFailure');
  }
  return undefined;
}

function quote(
  request: RequestItem,
  logs: readonly StatusLogItem[],
  problem: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
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
  };
}
