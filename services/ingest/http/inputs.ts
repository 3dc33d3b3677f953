/** Validation of everything a client sends; a failure is a 400 that lists every problem. */
import { z } from 'zod';
import {
  EventIdSchema,
  eventPartition,
  InvalidInputError,
  RequestIdSchema,
  UserIdSchema,
} from '../../common';

export const LoginBodySchema = z.strictObject({
  userId: UserIdSchema,
  adminSecret: z.string().min(1).max(256).optional(),
});

/** The example (the runbook's event) lets a contract test reach the 202 path, not only 404s. */
export const EventIdParamSchema = z.object({ eventId: EventIdSchema.meta({ examples: ['EVT-009'] }) });
export const RequestIdParamSchema = z.object({ requestId: RequestIdSchema });

export const MyParticipationsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const EventRequestsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** A nextCursor given out earlier: base64url of a GSI2 key. */
  cursor: z
    .string()
    .max(2048)
    .regex(/^[A-Za-z0-9_-]*$/, 'cursor must be a nextCursor of an earlier page')
    .optional(),
});

export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || what}: ${issue.message}`);
  throw new InvalidInputError(`invalid ${what}: ${issues.join('; ')}`, issues);
}

/** Admin paging cursors are DynamoDB keys, base64url JSON to the client and opaque. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

/** A GSI2 start key has exactly these string attributes, and its partition is the event's. */
const CursorSchema = z.strictObject({
  PK: z.string(),
  SK: z.string(),
  GSI2PK: z.string(),
  GSI2SK: z.string(),
});

export function decodeCursor(
  cursor: string | undefined,
  eventId: string,
): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success && parsed.data.GSI2PK === eventPartition(eventId)) return parsed.data;
  } catch {
    // fall through to the 400 below
  }
  throw new InvalidInputError('invalid cursor: pass back the nextCursor of the previous page', ['cursor']);
}
