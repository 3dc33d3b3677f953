/**
 * I3 No status reversal (spec section 6.3).
 *
 * The status logs of a request (PK REQ#<id>, SK LOG#<occurredAt>#<toStatus>) are written in the
 * same transaction as each change, so in time order they must be a path of the transition table
 * starting at creation, each log's fromStatus the previous log's toStatus, and the item's status
 * the last toStatus. Each SK must be the one the key module builds, otherwise SK order (what a
 * Query returns) and occurredAt order could differ.
 *
 * The observations taken during the run must never see a status go back in lifecycle order, and
 * a final status never changes. The final item is appended as the last observation. Observations
 * must come from strongly consistent reads, or a stale read would look like a reversal.
 */
import {
  ALL_STATUSES,
  findIllegalStep,
  isFinalStatus,
  parseKey,
  STATUS_LOG_SK_PREFIX,
  type Status,
  type StatusLogItem,
  statusLogKey,
} from '../services/common';
import { pushTo } from './group';
import type { History, ItemObservation } from './history';
import { COUNTEREXAMPLE_LIMIT, type Verdict } from './verdict';

/** Lifecycle order; all final statuses share the last rank. */
const REQUEST_PK_PREFIX = 'REQ#';

const RANK: Readonly<Record<Status, number>> = {
  RECEIVED: 0,
  QUEUED: 1,
  PROCESSING: 2,
  SUCCEEDED: 3,
  REJECTED: 3,
  FAILED_FINAL: 3,
};

export function checkNoStatusReversal(history: History): Verdict {
  const counterexamples: unknown[] = [];
  const counts = {
    requests: history.final.requests.length,
    statusLogs: history.final.statusLogs.length,
    observations: history.observations.length,
    illegalSteps: 0,
    brokenChains: 0,
    logKeyMismatches: 0,
    requestsWithoutLogs: 0,
    statusDiffersFromLastLog: 0,
    logsWithoutRequest: 0,
    observationViolations: 0,
  };

  // One pass groups the logs by request; each request then reads its own group once.
  const logsByRequest = new Map<string, StatusLogItem[]>();
  for (const log of history.final.statusLogs) {
    const requestId = statusLogRequestId(log);
    if (requestId === undefined || log.SK !== expectedLogSk(requestId, log)) {
      counts.logKeyMismatches++;
      counterexamples.push({ kind: 'logKeyMismatch', log });
      if (requestId === undefined) continue;
    }
    pushTo(logsByRequest, requestId, log);
  }

  const requestIds = new Set<string>();
  for (const request of history.final.requests) requestIds.add(request.requestId);
  for (const [requestId, logs] of logsByRequest) {
    if (!requestIds.has(requestId)) {
      counts.logsWithoutRequest++;
      counterexamples.push({ kind: 'logsWithoutRequest', requestId, logs: quote(logs) });
    }
  }

  for (const request of history.final.requests) {
    const logs = sortLogs(logsByRequest.get(request.requestId) ?? []);
    const last = logs.at(-1);
    if (last === undefined) {
      counts.requestsWithoutLogs++;
      counterexamples.push({ kind: 'requestWithoutLogs', request });
      continue;
    }
    const illegal = findIllegalStep(logs.map((log) => log.toStatus));
    if (illegal !== undefined) {
      counts.illegalSteps++;
      counterexamples.push({
        kind: 'illegalStep',
        requestId: request.requestId,
        step: illegal,
        logs: quote(logs),
      });
    }
    let previous: StatusLogItem | undefined;
    for (const log of logs) {
      if (log.fromStatus !== (previous?.toStatus ?? null)) {
        counts.brokenChains++;
        counterexamples.push({ kind: 'brokenChain', requestId: request.requestId, previous, log });
      }
      previous = log;
    }
    if (request.status !== last.toStatus) {
      counts.statusDiffersFromLastLog++;
      counterexamples.push({ kind: 'statusDiffersFromLastLog', request, lastLog: last });
    }
  }

  for (const reversal of findObservedReversals(history)) {
    counts.observationViolations++;
    counterexamples.push(reversal);
  }

  const violations = counterexamples.length;
  return {
    id: 'I3',
    title: 'No status reversal: status logs are a path of the transition table, observations never go back',
    valid: violations === 0,
    summary:
      violations === 0
        ? `${counts.requests} requests follow the transition table in ${counts.statusLogs} logs and ${counts.observations} observations`
        : `${violations} status-order violation(s) among ${counts.requests} requests`,
    counts: { ...counts, violations },
    counterexamples: counterexamples.slice(0, COUNTEREXAMPLE_LIMIT),
  };
}

/**
 * The request a status log belongs to, undefined when its key is no status-log key: what
 * parseKey answers, read without splitting both keys for the common REQ#<id> / LOG#<t>#<s>
 * shape (at 1M requests the splits are a visible share of the checker's time).
 */
function statusLogRequestId(log: StatusLogItem): string | undefined {
  const { PK, SK } = log;
  if (PK.startsWith(REQUEST_PK_PREFIX) && SK.startsWith(STATUS_LOG_SK_PREFIX)) {
    const requestId = PK.slice(REQUEST_PK_PREFIX.length);
    const second = SK.indexOf('#', STATUS_LOG_SK_PREFIX.length);
    const wellFormed =
      requestId !== '' &&
      !requestId.includes('#') &&
      second > STATUS_LOG_SK_PREFIX.length &&
      second < SK.length - 1 &&
      SK.indexOf('#', second + 1) === -1;
    if (wellFormed) return requestId;
  }
  const key = parseKey(log);
  return key.kind === 'statusLog' ? key.requestId : undefined;
}

/** The SK the key module builds for this log; undefined when occurredAt is no epoch ms. */
function expectedLogSk(requestId: string, log: StatusLogItem): string | undefined {
  try {
    return statusLogKey(requestId, log.occurredAt, log.toStatus).SK;
  } catch {
    return undefined;
  }
}

/**
 * Time order as the SK gives it. On an equal millisecond the SK would break the tie by status
 * name (QUEUED before RECEIVED), so ties go by lifecycle rank instead, then by fromStatus, which
 * keeps a same-millisecond reversal visible as a broken chain.
 */
function sortLogs(logs: readonly StatusLogItem[]): StatusLogItem[] {
  const rankOf = (status: Status | null) => (status === null ? -1 : RANK[status]);
  return [...logs].sort(
    (a, b) =>
      a.occurredAt - b.occurredAt ||
      rankOf(a.toStatus) - rankOf(b.toStatus) ||
      rankOf(a.fromStatus) - rankOf(b.fromStatus),
  );
}

/** An observation, or the final item read after the drain (always the last word). */
type Reading =
  | ItemObservation
  | { readonly source: 'finalItem'; readonly requestId: string; readonly status: string };

function findObservedReversals(history: History): unknown[] {
  const readings = new Map<string, Reading[]>();
  const add = (reading: Reading) => pushTo(readings, reading.requestId, reading);
  // A stable sort keeps readings taken in the same millisecond in the order they were collected.
  for (const observation of [...history.observations].sort((a, b) => a.time - b.time)) add(observation);
  for (const request of history.final.requests) {
    if (readings.has(request.requestId)) {
      add({ source: 'finalItem', requestId: request.requestId, status: request.status });
    }
  }

  const found: unknown[] = [];
  for (const [requestId, sequence] of readings) {
    let before: Reading | undefined;
    for (const after of sequence) {
      if (!isStatus(after.status)) {
        found.push({ kind: 'unknownObservedStatus', requestId, observation: after });
        continue;
      }
      if (before !== undefined && isStatus(before.status)) {
        const wentBack = RANK[after.status] < RANK[before.status];
        const finalChanged = isFinalStatus(before.status) && after.status !== before.status;
        if (wentBack || finalChanged) {
          found.push({
            kind: finalChanged ? 'finalStatusChanged' : 'observedReversal',
            requestId,
            before,
            after,
          });
        }
      }
      before = after;
    }
  }
  return found;
}

function isStatus(value: string): value is Status {
  return (ALL_STATUSES as readonly string[]).includes(value);
}

function quote<T>(records: readonly T[]): T[] {
  return records.slice(0, COUNTEREXAMPLE_LIMIT);
}
