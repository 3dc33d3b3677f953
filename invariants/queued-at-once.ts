/**
 * I4 queuedAt written once and never changed; GSI2SK never changed (spec section 6.4).
 *
 *   RECEIVED --(QUEUED log, same transaction)--> queuedAt, GSI1PK/GSI1SK/GSI2PK/GSI2SK set
 *            afterwards: none of them ever changes again
 *
 * Evidence: every observation that carried queuedAt or GSI2SK agrees with the others and with
 * the final item; exactly one QUEUED log whose occurredAt is the item's queuedAt; the index keys
 * are the ones the key module builds from that queuedAt. A request that went past RECEIVED must
 * have queuedAt; one that failed straight from RECEIVED (ingest gave up) has none, and no keys.
 */
import {
  type IndexKeys,
  queuedIndexKeys,
  type RequestItem,
  Status,
  type StatusLogItem,
} from '../services/common';
import type { History, ItemObservation } from './history';
import { indexHistory } from './history-index';
import { indexKeysAsBuilt } from './key-shape';
import { COUNTEREXAMPLE_LIMIT, judgedByViolations, type Verdict } from './verdict';

const INDEX_ATTRIBUTES = ['GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'] as const;
// Read once: an imported binding costs a getter call per use once tsx has compiled the module.
const { QUEUED } = Status;
const PAST_RECEIVED: readonly Status[] = [
  Status.QUEUED,
  Status.PROCESSING,
  Status.SUCCEEDED,
  Status.REJECTED,
];

export function checkQueuedAtOnce(history: History): Verdict {
  const counterexamples: unknown[] = [];
  const counts = {
    requests: history.final.requests.length,
    queuedRequests: 0,
    observationsWithQueuedAt: 0,
    rewrittenQueuedAt: 0,
    rewrittenGsi2sk: 0,
    queuedLogMismatches: 0,
    indexKeyMismatches: 0,
    missingQueuedAt: 0,
  };
  const index = indexHistory(history);
  const { requests } = history.final;
  const logsAt = (p: number): readonly StatusLogItem[] =>
    // A log under the request's PK whose SK does not even parse still belongs to it here.
    index.unparseableLogsByPk.size === 0
      ? index.logs.of(index.requestNumberAt[p] as number)
      : index.logsOfId((requests[p] as RequestItem).requestId);

  for (let p = 0; p < requests.length; p++) {
    const request = requests[p] as RequestItem;
    const logs = logsAt(p);
    // Counted in place; the list is built only for a counterexample.
    let queuedCount = 0;
    let queuedLog: StatusLogItem | undefined;
    for (const log of logs) {
      if (log.toStatus !== QUEUED) continue;
      queuedCount++;
      queuedLog ??= log;
    }
    if (request.queuedAt !== undefined) counts.queuedRequests++;

    if (request.queuedAt === undefined && wentPastReceived(request, logs)) {
      counts.missingQueuedAt++;
      counterexamples.push({ kind: 'missingQueuedAt', request });
    }
    // A system without status-log items (spec section 7) is judged on its items and readings.
    const logMatches =
      history.parameters.statusLogs === false || request.queuedAt === undefined
        ? queuedCount === 0
        : queuedCount === 1 && queuedLog?.occurredAt === request.queuedAt;
    if (!logMatches) {
      counts.queuedLogMismatches++;
      const queuedLogs = logs.filter(isQueuedLog);
      counterexamples.push({ kind: 'queuedLogMismatch', request: quoteQueued(request), queuedLogs });
    }

    // Proven in place for the usual item; anything else is built and compared, naming the difference.
    if (indexKeysAsBuilt(request)) continue;
    const expected = expectedIndexKeys(request);
    const differing = INDEX_ATTRIBUTES.filter((name) => request[name] !== expected?.[name]);
    if (differing.length > 0 || expected === null) {
      counts.indexKeyMismatches++;
      counterexamples.push({ kind: 'indexKeysMismatch', request: quoteQueued(request), expected, differing });
    }
  }

  const observed = index.observations;
  for (const group of observed.groupsInOrder) {
    const requestId = index.requestIds[group] ?? (observed.extraIds[group - index.requestCount] as string);
    const request = index.requestAt(group);
    const observations = observed.of(group);
    for (const o of observations) if (o.queuedAt !== undefined) counts.observationsWithQueuedAt++;
    const queuedAtDrift = findDrift(observations, request, 'queuedAt');
    if (queuedAtDrift !== undefined) {
      counts.rewrittenQueuedAt++;
      counterexamples.push({ kind: 'queuedAtRewritten', requestId, ...queuedAtDrift });
    }
    const gsi2skDrift = findDrift(observations, request, 'GSI2SK');
    if (gsi2skDrift !== undefined) {
      counts.rewrittenGsi2sk++;
      counterexamples.push({ kind: 'gsi2skRewritten', requestId, ...gsi2skDrift });
    }
  }

  const violations = counterexamples.length;
  return judgedByViolations({
    id: 'I4',
    title: 'queuedAt written once and never changed; GSI2SK never changed',
    violations,
    counterexamples,
    summaryIfValid: `${counts.queuedRequests} queued requests kept one queuedAt and GSI2SK across ${counts.observationsWithQueuedAt} observations`,
    summaryIfInvalid: `${violations} queuedAt/GSI2SK violation(s) among ${counts.requests} requests`,
    counts: { ...counts, violations },
  });
}

/** The keys the QUEUED transition must have written; undefined before it, null if queuedAt is no epoch ms. */
function expectedIndexKeys(request: RequestItem): IndexKeys | undefined | null {
  if (request.queuedAt === undefined) return undefined;
  try {
    return queuedIndexKeys({ ...request, queuedAt: request.queuedAt });
  } catch {
    return null;
  }
}

function isQueuedLog(log: StatusLogItem): boolean {
  return log.toStatus === QUEUED;
}

/** Did the request get beyond RECEIVED? Its status says so, or a log, or a startedAt. */
function wentPastReceived(request: RequestItem, logs: readonly StatusLogItem[]): boolean {
  if (PAST_RECEIVED.includes(request.status) || request.startedAt !== undefined) return true;
  const beyond = (status: Status | null) => status === Status.QUEUED || status === Status.PROCESSING;
  return logs.some((log) => beyond(log.fromStatus) || beyond(log.toStatus));
}

/**
 * One value ever seen for the field, or the readings that prove otherwise. A value seen during
 * the run and gone from the final item is drift too: the field was removed.
 */
function findDrift(
  observations: readonly ItemObservation[],
  request: RequestItem | undefined,
  field: 'queuedAt' | 'GSI2SK',
): { observations: ItemObservation[]; finalValue: unknown } | undefined {
  if (oneValue(observations, request, field)) return undefined;
  const seen = observations.filter((o) => o[field] !== undefined);
  const first = seen[0];
  if (first === undefined) return undefined;
  const finalValue = request?.[field];
  const disagreeing = seen.filter((o) => o[field] !== first[field]);
  const finalDisagrees = request !== undefined && finalValue !== first[field];
  if (disagreeing.length === 0 && !finalDisagrees) return undefined;
  return { observations: [first, ...disagreeing].slice(0, COUNTEREXAMPLE_LIMIT), finalValue };
}

/** The plain case, without arrays: every reading that has the field agrees with the final item. */
function oneValue(
  observations: readonly ItemObservation[],
  request: RequestItem | undefined,
  field: 'queuedAt' | 'GSI2SK',
): boolean {
  let first: unknown;
  for (const o of observations) {
    const value = o[field];
    if (value === undefined) continue;
    first ??= value;
    if (value !== first) return false;
  }
  return first === undefined || request === undefined || request[field] === first;
}

function quoteQueued(request: RequestItem): unknown {
  const { requestId, eventId, userId, status, queuedAt, GSI1PK, GSI1SK, GSI2PK, GSI2SK } = request;
  return { requestId, eventId, userId, status, queuedAt, GSI1PK, GSI1SK, GSI2PK, GSI2SK };
}
