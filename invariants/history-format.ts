/**
 * The history file (`history.ndjson`): one JSON object per line, so that a run appends records as
 * they happen and a reader never holds the file as one string. Any tool can write it (a team's
 * own load driver in conformance mode) and `check` judges it without a stack.
 *
 *   line 1      {"format":"participation-history","version":1,"suite":"g0","parameters":{...}}
 *   line 2..n   {"kind":"<kind>","record":{...}}        one record per line, any order
 *   last line   {"kind":"end","record":{"records":<lines between header and end>,"failedSteps":[...]}}
 *
 * The end line proves the file is whole: a run that crashed mid-write leaves none, and `check`
 * then answers "could not decide" instead of judging half a history. Each kind has a schema,
 * validated on read; the shapes are the ones of history.ts and the contract's table items.
 */
import { z } from 'zod';
import {
  CapacityItemSchema,
  EventIdSchema,
  LockItemSchema,
  RequestItemSchema,
  StatusLogItemSchema,
  UserIdSchema,
} from '../services/common';

export const HISTORY_FORMAT = 'participation-history';
export const HISTORY_FORMAT_VERSION = 1;
/** The file name in a run folder. */
export const HISTORY_FILE = 'history.ndjson';

const epochMs = z.number().nonnegative();

export const RunParametersSchema = z.object({
  eventId: z.string(),
  capacity: z.number().int().nonnegative(),
  maxReceiveCount: z.number().int().positive(),
  clockSkewMs: z.number().nonnegative().optional(),
  /** false: the system has no status-log items (RunParameters.statusLogs). */
  statusLogs: z.boolean().optional(),
});

export const HistoryHeaderSchema = z.object({
  format: z.literal(HISTORY_FORMAT),
  version: z.literal(HISTORY_FORMAT_VERSION),
  /** Which checker set judged the run (CHECKER_SUITES): g0, g1, core. */
  suite: z.string().default('g0'),
  runId: z.string().optional(),
  /** Epoch ms the file was started. */
  createdAt: epochMs.optional(),
  parameters: RunParametersSchema,
  /** The fairness bound the run judged with (FAIRNESS_MAX_INVERSION_RATE), so that check re-judges alike. */
  fairnessMaxInversionRate: z.number().min(0).max(1).optional(),
  /** The runbook steps that failed (G0), known when the run ends: check repeats the steps verdict. */
  failedSteps: z.array(z.string()).optional(),
});
export type HistoryHeader = z.infer<typeof HistoryHeaderSchema>;
export type HistoryHeaderInput = z.input<typeof HistoryHeaderSchema>;

const ParticipateOperationSchema = z.object({
  f: z.literal('participate'),
  process: z.string(),
  eventId: z.string(),
  userId: z.string(),
  type: z.enum(['ok', 'fail', 'info']),
  httpStatus: z.number().int().optional(),
  requestId: z.string().optional(),
  bodyHasStatus: z.boolean().optional(),
  sentAt: epochMs.optional(),
  time: epochMs,
  latencyMs: z.number().optional(),
});

const ItemObservationSchema = z.object({
  time: epochMs,
  requestId: z.string(),
  status: z.string(),
  queuedAt: z.number().optional(),
  GSI2SK: z.string().optional(),
});

const QueueSampleSchema = z.object({
  time: epochMs,
  phase: z.string(),
  visible: z.number().int(),
  notVisible: z.number().int(),
  dlqVisible: z.number().int(),
  capacityRemaining: z.number().int().nullable(),
  workerRunning: z.boolean(),
});

const PhaseMarkSchema = z.object({ name: z.string(), startedAt: epochMs, endedAt: epochMs.optional() });

const DeadLetterSchema = z.object({
  messageId: z.string(),
  body: z.string(),
  receiveCount: z.number().int(),
  requestId: z.string().optional(),
});

const LegitimateFailureSchema = z.object({
  reason: z.string(),
  requestIds: z.array(z.string()).optional(),
  resultCodes: z.array(z.string()).optional(),
});

const httpStatus = z.number().int().optional();
const AccessProbeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.enum(['claim-in-body', 'claim-in-query', 'claim-in-header']),
    subject: z.string(),
    claimedUserId: z.string(),
    eventId: z.string(),
    httpStatus,
    requestId: z.string().optional(),
    time: epochMs,
  }),
  z.object({
    kind: z.enum(['foreign-read', 'user-on-admin']),
    subject: z.string(),
    path: z.string(),
    httpStatus,
    time: epochMs,
  }),
  z.object({
    kind: z.literal('own-listing'),
    subject: z.string(),
    askedUserId: z.string().optional(),
    httpStatus,
    requestIds: z.array(z.string()),
    time: epochMs,
  }),
]);

const LockRecordSchema = LockItemSchema.extend({ eventId: EventIdSchema, userId: UserIdSchema });

/** Every record kind and its schema; a new kind is one line here and one case in the reader. */
export const RECORD_SCHEMAS = {
  operation: ParticipateOperationSchema,
  observation: ItemObservationSchema,
  sample: QueueSampleSchema,
  phase: PhaseMarkSchema,
  poison: z.object({ requestId: z.string() }),
  legitimateFailure: LegitimateFailureSchema,
  accessProbe: AccessProbeSchema,
  request: RequestItemSchema,
  /** A request item that failed the request schema, kept as read (FinalState.invalidRequests). */
  invalidRequest: z.record(z.string(), z.unknown()),
  lock: LockRecordSchema,
  capacity: CapacityItemSchema,
  statusLog: StatusLogItemSchema,
  deadLetter: DeadLetterSchema,
  mainQueueDepth: z.object({ visible: z.number().int(), notVisible: z.number().int() }),
  /** Analytics (G1): present once when the bucket was read, even if it held nothing. */
  analyticsCollected: z.object({}),
  analyticsRecord: z.object({ key: z.string(), detail: z.record(z.string(), z.unknown()) }),
  analyticsObjectKey: z.object({ key: z.string() }),
  analyticsMalformedLine: z.object({ key: z.string(), line: z.string() }),
  analyticsErrorObjectKey: z.object({ key: z.string() }),
  /**
   * failedSteps: header fields known only when the run ends (a run that writes as it goes wrote
   * its header at the start); the reader folds them into the header.
   */
  end: z.object({
    records: z.number().int().nonnegative(),
    failedSteps: z.array(z.string()).optional(),
  }),
} as const;

export type RecordKind = keyof typeof RECORD_SCHEMAS;
export type RecordOf<K extends RecordKind> = z.infer<(typeof RECORD_SCHEMAS)[K]>;
export type HistoryRecord = {
  [K in RecordKind]: { readonly kind: K; readonly record: RecordOf<K> };
}[RecordKind];

export const RECORD_KINDS = Object.keys(RECORD_SCHEMAS) as RecordKind[];

export function isRecordKind(value: unknown): value is RecordKind {
  return typeof value === 'string' && Object.hasOwn(RECORD_SCHEMAS, value);
}

/** A line that is not what the format says, with the line number a reader can open. */
export class HistoryFormatError extends Error {
  readonly code = 'HISTORY_FORMAT';
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'HistoryFormatError';
  }
}
