/**
 * The shapes of every answer of the ingest API, as zod schemas: the views are typed by them and
 * the OpenAPI document is generated from them, so the document cannot drift from the code.
 */
import { z } from 'zod';
import {
  EventIdSchema,
  RequestIdSchema,
  RequestItemSchema,
  ResultCode,
  Status,
  StatusLogItemSchema,
} from '../../common';

const epochMs = z.number().int().nonnegative();

export const ErrorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  issues: z.array(z.string()).optional(),
  /** Which bucket refused a rate-limited request. */
  scope: z.enum(['user', 'global']).optional(),
});

export const LoginAnswerSchema = z.object({
  accessToken: z.string(),
  expiresIn: z.number().int().positive(),
});

/** 202: the requestId and nothing else (no status field, spec section 3). */
export const AcceptedSchema = z.object({ requestId: RequestIdSchema });

export const RequestViewSchema = z.object({
  requestId: RequestIdSchema,
  eventId: EventIdSchema,
  status: z.enum(Status),
  resultCode: z.enum(ResultCode).nullable(),
  requestedAt: epochMs,
  queuedAt: epochMs.nullable(),
  startedAt: epochMs.nullable(),
  finishedAt: epochMs.nullable(),
});
export type RequestView = z.infer<typeof RequestViewSchema>;

export const MyParticipationsSchema = z.object({ items: z.array(RequestViewSchema) });

export const AdminRequestSchema = z.object({
  item: RequestItemSchema,
  timeline: z.array(StatusLogItemSchema),
});

export const AdminEventRequestsSchema = z.object({
  eventId: EventIdSchema,
  capacity: z.object({ total: z.number().int().nonnegative() }),
  items: z.array(RequestViewSchema),
  nextCursor: z.string().nullable(),
  counts: z.object({
    byStatus: z.record(z.string(), z.number().int().nonnegative()),
    byResultCode: z.record(z.string(), z.number().int().nonnegative()),
  }),
});

export const HealthSchema = z.object({ status: z.literal('ok') });
