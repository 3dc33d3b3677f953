/**
 * The per-request indexes several checkers read, built once per history in O(n) (plus a sort of
 * each request's few logs and observations) and shared: at 1M requests building the same maps
 * once per checker cost more than the checks themselves. Each distinct requestId gets a dense
 * number once; logs and observations are grouped by it with a counting sort into two typed
 * arrays (no Map of arrays, which at 1M requests is millions of objects for the GC to keep).
 * Memoised by the history object, which is immutable, so every checker stays a pure function
 * of its history.
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
import {
  type Grouped,
  groupRecords,
  numberRequests,
  type RequestNumbers,
  sortGroups,
} from './request-numbers';

export type { Grouped } from './request-numbers';

/** Read access to the final request items by requestId (the last one wins if the table held two). */
export interface RequestLookup {
  readonly size: number;
  get(requestId: string): RequestItem | undefined;
  has(requestId: string): boolean;
}

export interface HistoryIndex {
  readonly requestsById: RequestLookup;
  /** Distinct requestIds of the final items; numbered 0 .. requestCount - 1 in first-seen order. */
  readonly requestCount: number;
  readonly requestIds: readonly string[];
  /** For each position of final.requests, its request number. */
  readonly requestNumberAt: Int32Array;
  /** The item a request number stands for (the last one with that requestId). */
  requestAt(requestNumber: number): RequestItem | undefined;
  /** The request number of a requestId, undefined when no final item has it. */
  requestNumberOf(requestId: string): number | undefined;
  /** Status logs by the requestId of their key, each group in time order (see compareLogs). */
  readonly logs: Grouped<StatusLogItem>;
  /** Logs whose key the key module would not have built: unparseable, or the wrong SK. */
  readonly logKeyMismatches: readonly StatusLogItem[];
  /** Logs whose key does not parse as a status log, by their raw PK (normally none). */
  readonly unparseableLogsByPk: ReadonlyMap<string, readonly StatusLogItem[]>;
  /** Observations by requestId in time order; readings of one millisecond keep their recorded order. */
  readonly observations: Grouped<ItemObservation>;
  /** A request's logs by requestId, plus those under its PK whose SK does not parse. */
  logsOfId(requestId: string): readonly StatusLogItem[];
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
// Imported bindings are read through a getter per use once tsx has compiled the module (half a
// second over a 1M-request history's 4M logs): the hot paths read module constants instead.
const LOG_PREFIX = STATUS_LOG_SK_PREFIX;
const NO_LOGS: readonly StatusLogItem[] = [];
const indexes = new WeakMap<History, HistoryIndex>();
// Each part is memoised by the arrays it is built from, not by the history: a history derived
// from another that shares its arrays (a test breaking one record, a re-judge with another
// suite) reuses the parts it did not change instead of indexing a million records again.
const requestParts = new WeakMap<readonly RequestItem[], RequestNumbers>();
const logParts = new WeakMap<RequestNumbers, WeakMap<readonly StatusLogItem[], LogPart>>();
const observationParts = new WeakMap<
  RequestNumbers,
  WeakMap<readonly ItemObservation[], Grouped<ItemObservation>>
>();

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

function memo2<A extends object, B extends object, V>(
  parts: WeakMap<A, WeakMap<B, V>>,
  a: A,
  b: B,
  build: (a: A, b: B) => V,
): V {
  return memo(
    memo(parts, a, () => new WeakMap<B, V>()),
    b,
    (key) => build(a, key),
  );
}

interface LogPart {
  readonly grouped: Grouped<StatusLogItem>;
  readonly logKeyMismatches: StatusLogItem[];
  readonly unparseableLogsByPk: Map<string, StatusLogItem[]>;
}

/** Each part is built on first use: a checker that needs only the requests does not pay for the logs. */
function buildIndex(history: History): HistoryIndex {
  const numbers = memo(requestParts, history.final.requests, numberRequests);
  const logs = () => memo2(logParts, numbers, history.final.statusLogs, indexLogs);
  const requestAt = (n: number) =>
    n < numbers.ids.length ? numbers.items[numbers.positions[n] ?? -1] : undefined;
  const requestsById: RequestLookup = {
    size: numbers.ids.length,
    get: (id) => {
      const n = numbers.find(id);
      return n === undefined ? undefined : requestAt(n);
    },
    has: (id) => numbers.find(id) !== undefined,
  };
  const index: HistoryIndex = {
    requestsById,
    requestCount: numbers.ids.length,
    requestIds: numbers.ids,
    requestNumberAt: numbers.numberAt,
    requestAt,
    requestNumberOf: numbers.find,
    get logs() {
      return logs().grouped;
    },
    get logKeyMismatches() {
      return logs().logKeyMismatches;
    },
    get unparseableLogsByPk() {
      return logs().unparseableLogsByPk;
    },
    get observations() {
      return memo2(observationParts, numbers, history.observations, indexObservations);
    },
    logsOfId(requestId) {
      const group = index.logs.groupOf(requestId);
      const logs = group === undefined ? NO_LOGS : index.logs.of(group);
      if (index.unparseableLogsByPk.size === 0) return logs;
      return [...logs, ...(index.unparseableLogsByPk.get(requestKey(requestId).PK) ?? [])];
    },
  };
  return index;
}

function indexLogs(numbers: RequestNumbers, statusLogs: readonly StatusLogItem[]): LogPart {
  const logKeyMismatches: StatusLogItem[] = [];
  const unparseableLogsByPk = new Map<string, StatusLogItem[]>();
  // The requestId a PK spells, read once per run of logs with the same PK.
  let lastPk: string | undefined;
  let lastPkId: string | undefined;
  const grouped = groupRecords(numbers, statusLogs, (log) => {
    if (log.PK !== lastPk) {
      lastPk = log.PK;
      lastPkId = plainPkRequestId(log.PK);
    }
    const requestId = lastPkId !== undefined && plainLogSk(log.SK) ? lastPkId : statusLogRequestId(log);
    if (requestId === undefined || !logSkMatches(requestId, log)) logKeyMismatches.push(log);
    if (requestId === undefined) pushTo(unparseableLogsByPk, log.PK, log);
    return requestId;
  });
  sortGroups(grouped, compareLogs);
  return { grouped, logKeyMismatches, unparseableLogsByPk };
}

function indexObservations(
  numbers: RequestNumbers,
  observations: readonly ItemObservation[],
): Grouped<ItemObservation> {
  const grouped = groupRecords(numbers, observations, (observation) => observation.requestId);
  sortGroups(grouped, (a, b) => a.time - b.time);
  return grouped;
}

/** The requestId of a REQ#<id> PK read in place; undefined for any other shape (parseKey decides). */
function plainPkRequestId(PK: string): string | undefined {
  if (!PK.startsWith(REQUEST_PK_PREFIX) || PK.length === REQUEST_PK_PREFIX.length) return undefined;
  if (PK.indexOf('#', REQUEST_PK_PREFIX.length) !== -1) return undefined;
  return PK.slice(REQUEST_PK_PREFIX.length);
}

/** A LOG#<a>#<b> SK with both parts non-empty: what parseKey reads as a status log's SK. */
function plainLogSk(SK: string): boolean {
  if (!SK.startsWith(LOG_PREFIX)) return false;
  const second = SK.indexOf('#', LOG_PREFIX.length);
  return second > LOG_PREFIX.length && second < SK.length - 1 && SK.indexOf('#', second + 1) === -1;
}

/** The request a status log belongs to, as parseKey reads it; undefined when its key is no status-log key. */
function statusLogRequestId(log: StatusLogItem): string | undefined {
  const key = parseKey(log);
  return key.kind === 'statusLog' ? key.requestId : undefined;
}

const TIMESTAMP_END = LOG_PREFIX.length + TIMESTAMP_WIDTH;

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
    const value = readPaddedTimestamp(SK, LOG_PREFIX.length);
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
 * fromStatus, which keeps a same-millisecond reversal visible as a broken chain. A table read
 * returns each request's logs in SK order, which is almost always this order (sortGroups keeps it).
 */
export function compareLogs(a: StatusLogItem, b: StatusLogItem): number {
  return (
    a.occurredAt - b.occurredAt ||
    rankOf(a.toStatus) - rankOf(b.toStatus) ||
    rankOf(a.fromStatus) - rankOf(b.fromStatus)
  );
}

function rankOf(status: Status | null): number {
  return status === null ? -1 : STATUS_RANK[status];
}
