/**
 * The only place where key strings of AsyncEventTable are built and parsed (spec section 2).
 * Identifiers never contain '#', so every key splits back into its parts unambiguously.
 */
import { stableHash32 } from './stable-hash';
import type { Status } from './status';

export interface TableKey {
  readonly PK: string;
  readonly SK: string;
}

const TIMESTAMP_DIGITS = 13;
const META = 'META';
const LOCK = 'LOCK';
const CAPACITY = 'CAPACITY';

/** Epoch ms, zero-padded to 13 digits so that sort keys order as numbers. */
export function padTimestamp(epochMs: number): string {
  if (!Number.isSafeInteger(epochMs) || epochMs < 0)
    throw new RangeError(`not an epoch ms timestamp: ${epochMs}`);
  return String(epochMs).padStart(TIMESTAMP_DIGITS, '0');
}

export function requestKey(requestId: string): TableKey {
  return { PK: `REQ#${requestId}`, SK: META };
}

export function lockKey(eventId: string, userId: string): TableKey {
  return { PK: `IDEMP#${eventId}#${userId}`, SK: LOCK };
}

export function capacityKey(eventId: string): TableKey {
  return { PK: `EVENT#${eventId}`, SK: CAPACITY };
}

export function statusLogKey(requestId: string, occurredAt: number, toStatus: Status): TableKey {
  return { PK: `REQ#${requestId}`, SK: `LOG#${padTimestamp(occurredAt)}#${toStatus}` };
}

/**
 * The sweep's outbox: one small item per RECEIVED request, written in the create transaction and
 * deleted by the transaction that moves the request on, so the sweep finds stuck requests with a
 * Query instead of a Scan. Spread over a few partitions so that a spike of creates does not write
 * one hot key; the shard is a stable hash of the requestId.
 */
export const OUTBOX_SHARDS = 8;
const OUTBOX = 'OUTBOX';
const RECEIVED_AT = 'RCV';

export function outboxShardOf(requestId: string): number {
  return stableHash32(requestId) % OUTBOX_SHARDS;
}

export function outboxPartition(shard: number): string {
  if (!Number.isInteger(shard) || shard < 0 || shard >= OUTBOX_SHARDS)
    throw new RangeError(`no outbox shard ${shard}`);
  return `${OUTBOX}#${shard}`;
}

export function outboxKey(requestId: string, requestedAt: number): TableKey {
  return {
    PK: outboxPartition(outboxShardOf(requestId)),
    SK: `${RECEIVED_AT}#${padTimestamp(requestedAt)}#${requestId}`,
  };
}

/** Outbox sort keys below this one belong to requests created before `epochMs`. */
export function outboxSortKeyBefore(epochMs: number): string {
  return `${RECEIVED_AT}#${padTimestamp(epochMs)}`;
}

/** Sort-key prefix that selects every status log of a request in time order. */
export const STATUS_LOG_SK_PREFIX = 'LOG#';

export interface IndexKeys {
  readonly GSI1PK: string;
  readonly GSI1SK: string;
  readonly GSI2PK: string;
  readonly GSI2SK: string;
}

/** GSI attributes, set once by the QUEUED transition. No status in them: they never change. */
export function queuedIndexKeys(args: {
  requestId: string;
  eventId: string;
  userId: string;
  queuedAt: number;
}): IndexKeys {
  const sortKey = `QAT#${padTimestamp(args.queuedAt)}#REQ#${args.requestId}`;
  return {
    GSI1PK: userPartition(args.userId),
    GSI1SK: sortKey,
    GSI2PK: eventPartition(args.eventId),
    GSI2SK: sortKey,
  };
}

export function userPartition(userId: string): string {
  return `USER#${userId}`;
}

export function eventPartition(eventId: string): string {
  return `EVENT#${eventId}`;
}

export type ParsedKey =
  | { kind: 'request'; requestId: string }
  | { kind: 'statusLog'; requestId: string; occurredAt: number; toStatus: string }
  | { kind: 'lock'; eventId: string; userId: string }
  | { kind: 'capacity'; eventId: string }
  | { kind: 'outbox'; shard: number; requestedAt: number; requestId: string }
  | { kind: 'unknown' };

export function parseKey(key: TableKey): ParsedKey {
  const pk = key.PK.split('#');
  const sk = key.SK.split('#');
  if (pk[0] === 'REQ' && pk.length === 2 && pk[1]) {
    if (key.SK === META) return { kind: 'request', requestId: pk[1] };
    if (sk[0] === 'LOG' && sk.length === 3 && sk[1] && sk[2]) {
      return { kind: 'statusLog', requestId: pk[1], occurredAt: Number(sk[1]), toStatus: sk[2] };
    }
  }
  if (pk[0] === 'IDEMP' && pk.length === 3 && pk[1] && pk[2] && key.SK === LOCK) {
    return { kind: 'lock', eventId: pk[1], userId: pk[2] };
  }
  if (pk[0] === 'EVENT' && pk.length === 2 && pk[1] && key.SK === CAPACITY)
    return { kind: 'capacity', eventId: pk[1] };
  if (pk[0] === OUTBOX && pk.length === 2 && sk[0] === RECEIVED_AT && sk.length === 3 && sk[1] && sk[2]) {
    return { kind: 'outbox', shard: Number(pk[1]), requestedAt: Number(sk[1]), requestId: sk[2] };
  }
  return { kind: 'unknown' };
}
