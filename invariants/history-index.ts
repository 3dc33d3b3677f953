/**
 * The per-request indexes several checkers read, built once per history in O(n) (plus a sort of
 * each request's few logs and observations) and shared: at 1M requests building the same maps
 * once per checker cost more than the checks themselves. Memoised by the history object, which
 * is immutable, so every checker stays a pure function of its history.
 */
import {
  parseKey,
  type RequestItem,
  requestKey,
  STATUS_LOG_SK_PREFIX,
  type Status,
  type StatusLogItem,
  statusLogKey,
} from '../services/common';
import { pushTo } from './group';
import type { History, ItemObservation } from './history';
import { readPaddedTimestamp, TIMESTAMP_WIDTH } from './key-shape';

export interface HistoryIndex {
  /** Final request items by requestId (the last one wins if the table held two). */
  readonly requestsById: ReadonlyMap<string, RequestItem>;
  /** Status logs by the requestId of their key, in time order (see sortLogs). */
  readonly logsByRequestId: ReadonlyMap<string, readonly StatusLogItem[]>;
  /** Logs whose key the key module would not have built: unparseable, or the wrong SK. */
  readonly logKeyMismatches: readonly StatusLogItem[];
  /** Logs whose key does not parse as a status log, by their raw PK (normally none). */
  readonly unparseableLogsByPk: ReadonlyMap<string, readonly StatusLogItem[]>;
  /** Observations by requestId in time order; readings of one millisecond keep their recorded order. */
  readonly observationsByRequestId: ReadonlyMap<string, readonly ItemObservation[]>;
}

/** Lifecycle order; all final statuses share the last rank. */
export const STATUS_RANK: Readonly<Record<Status, number>> = {
  RECEIVED: 0,
  QUEUED: 1,
  PROCESSING: 2,
  SUCCEEDED: 3,
  REJECTED: 3,
  FAILED_FINAL: 3,
};

const REQUEST_PK_PREFIX = requestKey('').PK;
const indexes = new WeakMap<History, HistoryIndex>();
// Each part is memoised by the array it is built from, not by the history: a history derived
// from another that shares its arrays (a test breaking one record, a re-judge with another
// suite) reuses the parts it did not change instead of indexing a million records again.
const requestParts = new WeakMap<readonly RequestItem[], Map<string, RequestItem>>();
const logParts = new WeakMap<readonly StatusLogItem[], ReturnType<typeof indexLogs>>();
const observationParts = new WeakMap<readonly ItemObservation[], Map<string, ItemObservation[]>>();

export function indexHistory(history: History): HistoryIndex {
  const cached = indexes.get(history);
  if (cached !== undefined) return cached;
  const built = buildIndex(history);
  indexes.set(history, built);
  return built;
}

function memo<K extends object, V>(parts: WeakMap<K, V>, key: K, build: (key: K) => V): V {
  const cached = parts.get(key);
  if (cached !== undefined) return cached;
  const built = build(key);
  parts.set(key, built);
  return built;
}

/** Each part is built on first use: a checker that needs only requestsById does not pay for the logs. */
function buildIndex(history: History): HistoryIndex {
  const logs = () => memo(logParts, history.final.statusLogs, indexLogs);
  return {
    get requestsById() {
      return memo(requestParts, history.final.requests, indexRequests);
    },
    get logsByRequestId() {
      return logs().logsByRequestId;
    },
    get logKeyMismatches() {
      return logs().logKeyMismatches;
    },
    get unparseableLogsByPk() {
      return logs().unparseableLogsByPk;
    },
    get observationsByRequestId() {
      return memo(observationParts, history.observations, indexObservations);
    },
  };
}

function indexRequests(requests: readonly RequestItem[]): Map<string, RequestItem> {
  const requestsById = new Map<string, RequestItem>();
  for (const request of requests) requestsById.set(request.requestId, request);
  return requestsById;
}

function indexLogs(statusLogs: readonly StatusLogItem[]) {
  const logsByRequestId = new Map<string, StatusLogItem[]>();
  const logKeyMismatches: StatusLogItem[] = [];
  const unparseableLogsByPk = new Map<string, StatusLogItem[]>();
  for (const log of statusLogs) {
    const requestId = statusLogRequestId(log);
    if (requestId === undefined || !logSkMatches(requestId, log)) logKeyMismatches.push(log);
    if (requestId === undefined) pushTo(unparseableLogsByPk, log.PK, log);
    else pushTo(logsByRequestId, requestId, log);
  }
  for (const logs of logsByRequestId.values()) if (logs.length > 1) sortLogs(logs);
  return { logsByRequestId, logKeyMismatches, unparseableLogsByPk };
}

function indexObservations(observations: readonly ItemObservation[]): Map<string, ItemObservation[]> {
  const observationsByRequestId = new Map<string, ItemObservation[]>();
  for (const observation of observations) pushTo(observationsByRequestId, observation.requestId, observation);
  // Array.prototype.sort is stable: readings of one millisecond stay in the order they were taken.
  for (const observations of observationsByRequestId.values()) {
    if (observations.length > 1) observations.sort((a, b) => a.time - b.time);
  }
  return observationsByRequestId;
}

/**
 * The request a status log belongs to, undefined when its key is no status-log key: what
 * parseKey answers, read without splitting both keys for the common REQ#<id> / LOG#<t>#<s>
 * shape (at 1M requests the splits are a visible share of the time).
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

const TIMESTAMP_END = STATUS_LOG_SK_PREFIX.length + TIMESTAMP_WIDTH;

/**
 * Is the SK the one the key module builds for this log? Read in place for the common
 * LOG#<padded occurredAt>#<toStatus> shape (building 4M keys to compare them is a visible share
 * of a 1M-request check); anything else is compared with the key the module builds.
 */
function logSkMatches(requestId: string, log: StatusLogItem): boolean {
  const { SK, occurredAt, toStatus } = log;
  if (
    typeof toStatus === 'string' &&
    SK.length === TIMESTAMP_END + 1 + toStatus.length &&
    SK.charCodeAt(TIMESTAMP_END) === 35 && // '#'
    SK.endsWith(toStatus)
  ) {
    const value = readPaddedTimestamp(SK, STATUS_LOG_SK_PREFIX.length);
    return value === undefined ? SK === expectedLogSk(requestId, log) : value === occurredAt;
  }
  return SK === expectedLogSk(requestId, log);
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
 * Time order as the SK gives it, in place. On an equal millisecond the SK would break the tie by
 * status name (QUEUED before RECEIVED), so ties go by lifecycle rank instead, then by
 * fromStatus, which keeps a same-millisecond reversal visible as a broken chain.
 */
function sortLogs(logs: StatusLogItem[]): void {
  // A table read returns each request's logs in SK order, which is almost always this order.
  for (let i = 1; i < logs.length; i++) {
    if (compareLogs(logs[i - 1] as StatusLogItem, logs[i] as StatusLogItem) > 0) {
      logs.sort(compareLogs);
      return;
    }
  }
}

function compareLogs(a: StatusLogItem, b: StatusLogItem): number {
  return (
    a.occurredAt - b.occurredAt ||
    rankOf(a.toStatus) - rankOf(b.toStatus) ||
    rankOf(a.fromStatus) - rankOf(b.fromStatus)
  );
}

function rankOf(status: Status | null): number {
  return status === null ? -1 : STATUS_RANK[status];
}
