/**
 * The items of every transaction on a request, as pure functions of the request: what each step
 * of the transition table writes, with its conditions. The stores send them; the bug zoo builds
 * "the reference with one change" from them instead of copying them.
 */
import {
  capacityKey,
  type Failure,
  isAllowedTransition,
  lockKey,
  outboxKey,
  type RequestItem,
  type ResultCode,
  requestKey,
  Status,
  truncateErrorMessage,
} from '../common';
import type { NewRequest } from '../ingest/ports';
import { statusLogPut } from './status-log';
import { buildUpdate } from './update-expression';

const NINETY_DAYS_SECONDS = 90 * 24 * 3600;
const SEVEN_DAYS_MS = 7 * 24 * 3600 * 1000;

/** What one step changes on the request item, beside its status and its log. */
export interface TransitionParts {
  readonly set: Record<string, unknown>;
  readonly setIfNotExists?: Record<string, unknown>;
  readonly remove?: readonly string[];
  /** May use :from (the status read) and :seenAttempt (the attempt read), and `values`. */
  readonly condition: string;
  readonly values?: Record<string, unknown>;
  readonly logAttempt?: number;
  /** This step leaves RECEIVED: the outbox entry goes in the same transaction. */
  readonly leavesOutbox?: boolean;
}

/**
 * Steps (1) and (2) of ingest: the idempotency lock, the RECEIVED request, its first log and its
 * outbox entry, in the order the create transaction sends them.
 */
export function receivedItems(tableName: string, request: NewRequest) {
  const lock = lockKey(request.eventId, request.userId);
  const item: RequestItem = {
    ...requestKey(request.requestId),
    SK: 'META',
    entityType: 'REQUEST',
    requestId: request.requestId,
    eventId: request.eventId,
    userId: request.userId,
    eventType: request.eventType,
    status: Status.RECEIVED,
    requestedAt: request.requestedAt,
    attempt: 0,
    idempotencyKey: lock.PK,
    ttl: Math.floor(request.requestedAt / 1000) + NINETY_DAYS_SECONDS,
  };
  return {
    item,
    lock: {
      Put: {
        TableName: tableName,
        Item: {
          ...lock,
          entityType: 'IDEMPOTENCY',
          requestId: request.requestId,
          createdAt: request.requestedAt,
          ...lockTtl(request),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      },
    },
    request: { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' } },
    log: statusLogPut({
      tableName,
      requestId: request.requestId,
      fromStatus: null,
      toStatus: Status.RECEIVED,
      occurredAt: request.requestedAt,
      attempt: 0,
    }),
    outbox: {
      Put: {
        TableName: tableName,
        Item: {
          ...outboxKey(request.requestId, request.requestedAt),
          entityType: 'OUTBOX',
          requestId: request.requestId,
          eventId: request.eventId,
          ttl: item.ttl,
        },
      },
    },
  };
}

/** The request update and its log for `request.status -> to`, refused if the table lacks that step. */
export function transitionItems(
  tableName: string,
  request: RequestItem,
  to: Status,
  now: number,
  change: TransitionParts,
) {
  // The conditions below make DynamoDB refuse a stale write; this refuses a call that asks
  // for a step the contract does not have (a programming error, never a runtime race).
  if (!isAllowedTransition(request.status, to)) {
    throw new Error(
      `refusing ${request.status} -> ${to} for ${request.requestId}: not in the transition table`,
    );
  }
  const update = buildUpdate({
    set: { status: to, ...change.set },
    ...(change.setIfNotExists ? { setIfNotExists: change.setIfNotExists } : {}),
    ...(change.remove ? { remove: change.remove } : {}),
    condition: change.condition,
    names: { '#status': 'status' },
    values: { ':from': request.status, ':seenAttempt': request.attempt, ...change.values },
  });
  const items = [
    {
      Update: {
        TableName: tableName,
        Key: requestKey(request.requestId),
        ...update,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      },
    },
    statusLogPut({
      tableName,
      requestId: request.requestId,
      fromStatus: request.status,
      toStatus: to,
      occurredAt: now,
      attempt: change.logAttempt ?? request.attempt,
    }),
  ] as const;
  return change.leavesOutbox ? ([...items, outboxDelete(tableName, request)] as const) : items;
}

/** The change of a final transition by the attempt that holds the request. */
export function finalChange(resultCode: ResultCode, now: number, failure?: Failure): TransitionParts {
  return {
    set: { resultCode, finishedAt: now, ...(failure ? failureFields(failure) : {}) },
    remove: ['leaseExpiresAt'],
    // A stale attempt can never finish: only the attempt that holds the request may.
    condition: '#status = :from AND attempt = :seenAttempt',
  };
}

/** One seat of the event, taken only while one is left. */
export function seatItem(tableName: string, eventId: string, now: number) {
  return {
    Update: {
      TableName: tableName,
      Key: capacityKey(eventId),
      UpdateExpression: 'SET capacityRemaining = capacityRemaining - :one, updatedAt = :now',
      ConditionExpression: 'capacityRemaining > :zero',
      ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':now': now },
    },
  };
}

/** Leaving RECEIVED removes the outbox entry in the same transaction: it exists iff RECEIVED. */
function outboxDelete(tableName: string, request: RequestItem) {
  return { Delete: { TableName: tableName, Key: outboxKey(request.requestId, request.requestedAt) } };
}

export function failureFields(failure: Failure) {
  return {
    failureClass: failure.failureClass,
    errorCode: failure.errorCode,
    errorMessage: truncateErrorMessage(failure.errorMessage),
  };
}

/** Event end + 7 days; an event without an end keeps its locks (they must outlive the event). */
function lockTtl(request: NewRequest): { ttl?: number } {
  return request.eventEndsAt === undefined
    ? {}
    : { ttl: Math.floor((request.eventEndsAt + SEVEN_DAYS_MS) / 1000) };
}
