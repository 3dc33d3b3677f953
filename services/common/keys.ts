/**
 * The only place where key strings of AsyncEventTable are built and parsed (spec section 2).
 * Identifiers never contain '#', so every key splits back into its parts unambiguously.
 */
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
  return { kind: 'unknown' };
}
