/** Validation of everything a client sends; a failure is a 400 that lists every problem. */
import { z } from 'zod';
import { EventIdSchema, InvalidInputError, RequestIdSchema, UserIdSchema } from '../../common';

export const LoginBodySchema = z.strictObject({
  userId: UserIdSchema,
  adminSecret: z.string().min(1).max(256).optional(),
});

export const EventIdParamSchema = z.object({ eventId: EventIdSchema });
export const RequestIdParamSchema = z.object({ requestId: RequestIdSchema });

export const MyParticipationsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const EventRequestsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
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

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // fall through to the 400 below
  }
  throw new InvalidInputError('invalid cursor: pass back the nextCursor of the previous page', ['cursor']);
}
