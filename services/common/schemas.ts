import { z } from 'zod';
import { EventIdSchema, RequestIdSchema, UserIdSchema } from './identifiers';
import { EventType, FailureClass, ResultCode } from './result-code';
import { Status } from './status';

const epochMs = z.number().int().nonnegative();
export const ERROR_MESSAGE_MAX = 256;

/**
 * The attributes every item of the single table opens with: its partition key, its sort key
 * (fixed for each kind of item that has one per partition) and the kind of item it is.
 */
const tableItemKeys = <const Sk extends string, const Entity extends string>(sk: Sk, entityType: Entity) => ({
  PK: z.string(),
  SK: z.literal(sk),
  entityType: z.literal(entityType),
});

/** The request item (PK REQ#id, SK META). Optional fields appear as the request moves on. */
export const RequestItemSchema = z.object({
  ...tableItemKeys('META', 'REQUEST'),
  requestId: RequestIdSchema,
  eventId: EventIdSchema,
  userId: UserIdSchema,
  eventType: z.enum(EventType),
  status: z.enum(Status),
  resultCode: z.enum(ResultCode).optional(),
  requestedAt: epochMs,
  queuedAt: epochMs.optional(),
  startedAt: epochMs.optional(),
  finishedAt: epochMs.optional(),
  attempt: z.number().int().nonnegative(),
  leaseExpiresAt: epochMs.optional(),
  workerId: z.string().optional(),
  failureClass: z.enum(FailureClass).optional(),
  errorCode: z.string().optional(),
  errorMessage: z.string().max(ERROR_MESSAGE_MAX).optional(),
  /**
   * The last failure of an attempt that gave its lease back (kept while the request is not
   * final), so that the DLQ handler records the real cause instead of a generic one.
   */
  lastFailure: z
    .object({
      failureClass: z.enum(FailureClass),
      errorCode: z.string(),
      errorMessage: z.string().max(ERROR_MESSAGE_MAX),
      attempt: z.number().int().nonnegative(),
      at: epochMs,
    })
    .optional(),
  /** Set by the DLQ handler's FAILED_FINAL: a republish derives isDlq from it. */
  deadLettered: z.boolean().optional(),
  idempotencyKey: z.string(),
  ttl: z.number().int(),
  GSI1PK: z.string().optional(),
  GSI1SK: z.string().optional(),
  GSI2PK: z.string().optional(),
  GSI2SK: z.string().optional(),
});
export type RequestItem = z.infer<typeof RequestItemSchema>;

export const LockItemSchema = z.object({
  ...tableItemKeys('LOCK', 'IDEMPOTENCY'),
  requestId: RequestIdSchema,
  createdAt: epochMs,
  /** Event end + 7 days; absent for an event without an end date (the lock must outlive it). */
  ttl: z.number().int().optional(),
});
export type LockItem = z.infer<typeof LockItemSchema>;

export const CapacityItemSchema = z.object({
  ...tableItemKeys('CAPACITY', 'CAPACITY'),
  eventId: EventIdSchema,
  eventType: z.enum(EventType).default(EventType.FIRST_COME),
  capacityTotal: z.number().int().nonnegative(),
  capacityRemaining: z.number().int(),
  /** Epoch ms after which the event is closed; locks live until this + 7 days. */
  endsAt: epochMs.optional(),
  updatedAt: epochMs,
});
export type CapacityItem = z.infer<typeof CapacityItemSchema>;

export const StatusLogItemSchema = z.object({
  PK: z.string(),
  SK: z.string(),
  entityType: z.literal('STATUS_LOG'),
  fromStatus: z.enum(Status).nullable(),
  toStatus: z.enum(Status),
  occurredAt: epochMs,
  attempt: z.number().int().nonnegative(),
  ttl: z.number().int(),
});
export type StatusLogItem = z.infer<typeof StatusLogItemSchema>;

/** The SQS message body. queuedAt is deliberately absent: the worker inherits it from the item. */
export const QueueMessageSchema = z.strictObject({
  schemaVersion: z.literal(1),
  requestId: RequestIdSchema,
  eventId: EventIdSchema,
  userId: UserIdSchema,
  eventType: z.enum(EventType),
  requestedAt: epochMs,
});
export type QueueMessage = z.infer<typeof QueueMessageSchema>;

/** Detail of the analytics event ParticipationProcessed (spec section 5; published from G1 on). */
export const ParticipationProcessedSchema = z.object({
  schemaVersion: z.literal(1),
  env: z.string(),
  eventId: EventIdSchema,
  requestId: RequestIdSchema,
  eventType: z.enum(EventType),
  finalStatus: z.enum([Status.SUCCEEDED, Status.REJECTED, Status.FAILED_FINAL]),
  resultCode: z.enum(ResultCode),
  timestamps: z.object({ queuedAt: epochMs.nullable(), startedAt: epochMs.nullable(), finishedAt: epochMs }),
  delivery: z.object({ attempt: z.number().int().nonnegative(), isDlq: z.boolean() }),
  failure: z.object({
    failureClass: z.enum(FailureClass).nullable(),
    errorCode: z.string().nullable(),
    errorMessage: z.string().max(ERROR_MESSAGE_MAX).nullable(),
  }),
  meta: z.object({ workerId: z.string() }),
});
export type ParticipationProcessed = z.infer<typeof ParticipationProcessedSchema>;

/** Parses a queue message body; throws a zod error or SyntaxError that the caller classifies. */
export function parseQueueMessage(body: string): QueueMessage {
  return QueueMessageSchema.parse(JSON.parse(body));
}

export function truncateErrorMessage(message: string): string {
  if (message.length <= ERROR_MESSAGE_MAX) return message;
  let cut = ERROR_MESSAGE_MAX - 1;
  // Never split a surrogate pair: half an emoji becomes U+FFFD once written as UTF-8.
  const last = message.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return `${message.slice(0, cut)}…`;
}
