/**
 * The writes of the reference ingest (services/aws/request-store.ts), copied so that an ingest
 * mutant can be written as "the reference with one change". The items keep the reference's
 * shapes exactly: the checkers must find the mutant by its behaviour, not by a malformed item.
 */
import type { NewRequest } from '../../services/aws/request-store';
import { statusLogPut } from '../../services/aws/status-log';
import { lockKey, type RequestItem, requestKey, Status } from '../../services/common';

const NINETY_DAYS_SECONDS = 90 * 24 * 3600;
const SEVEN_DAYS_MS = 7 * 24 * 3600 * 1000;

/** Steps (1) and (2) of ingest: the idempotency lock, the RECEIVED request and its first log. */
export function receivedWrites(tableName: string, request: NewRequest) {
  const lock = lockKey(request.eventId, request.userId);
  const lockExpires = (request.eventEndsAt ?? request.requestedAt) + SEVEN_DAYS_MS;
  return {
    lock: {
      TableName: tableName,
      Item: {
        ...lock,
        entityType: 'IDEMPOTENCY',
        requestId: request.requestId,
        createdAt: request.requestedAt,
        ttl: Math.floor(lockExpires / 1000),
      },
    },
    request: {
      TableName: tableName,
      Item: {
        ...requestKey(request.requestId),
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
      },
    },
    log: statusLogPut({
      tableName,
      requestId: request.requestId,
      fromStatus: null,
      toStatus: Status.RECEIVED,
      occurredAt: request.requestedAt,
      attempt: 0,
    }),
  };
}

/**
 * Step (4), RECEIVED -> QUEUED with its log, setting `fields` (queuedAt, and the index keys in the
 * reference) under `condition`. Values named in the condition come in `values`.
 */
export function queuedWrites(args: {
  tableName: string;
  request: RequestItem;
  queuedAt: number;
  fields: Record<string, unknown>;
  condition: string;
  values: Record<string, unknown>;
}) {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':queued': Status.QUEUED, ...args.values };
  const sets = ['#status = :queued'];
  for (const [field, value] of Object.entries(args.fields)) {
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  return [
    {
      Update: {
        TableName: args.tableName,
        Key: requestKey(args.request.requestId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: args.condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    statusLogPut({
      tableName: args.tableName,
      requestId: args.request.requestId,
      fromStatus: args.request.status,
      toStatus: Status.QUEUED,
      occurredAt: args.queuedAt,
      attempt: args.request.attempt,
    }),
  ];
}
