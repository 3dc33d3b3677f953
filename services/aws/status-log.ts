import { type Status, statusLogKey } from '../common';

const THIRTY_DAYS_SECONDS = 30 * 24 * 3600;

/**
 * The Put of a status-log item; it always travels in the same transaction as the status change it
 * records, so the log can never disagree with the item. The condition refuses a second log with
 * the same key (same millisecond, same status) instead of silently overwriting history.
 */
export function statusLogPut(args: {
  tableName: string;
  requestId: string;
  fromStatus: Status | null;
  toStatus: Status;
  occurredAt: number;
  attempt: number;
}) {
  return {
    Put: {
      TableName: args.tableName,
      Item: {
        ...statusLogKey(args.requestId, args.occurredAt, args.toStatus),
        entityType: 'STATUS_LOG',
        fromStatus: args.fromStatus,
        toStatus: args.toStatus,
        occurredAt: args.occurredAt,
        attempt: args.attempt,
        ttl: Math.floor(args.occurredAt / 1000) + THIRTY_DAYS_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(SK)',
    },
  };
}
