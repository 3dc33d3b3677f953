/**
 * The pure half of the embedded Firehose stand-in: what counts as a record, when a batch is due,
 * how a batch becomes S3 objects and what they are called. The adapter (delivery-stage.ts) only
 * moves bytes between SQS and S3 according to these rules.
 *
 * Firehose buffering, as imitated here:
 *
 *   arrivals   r1 ---- r2 -- r3 ---------------- r4
 *   time       |<------ bufferingSeconds ------>|         -> flush r1..r3 (oldest is due)
 *   or         total bytes >= bufferingBytes               -> flush at once
 */
import { formatUtc, renderFirehosePrefix } from './prefix';

export interface FirehoseBufferOptions {
  /** Firehose's BufferingHints.IntervalInSeconds (0..900). */
  readonly bufferingSeconds: number;
  /** Firehose's BufferingHints.SizeInMBs, in bytes. */
  readonly bufferingBytes: number;
}

export interface BufferedRecord<T = unknown> {
  /** One line of the object, without its newline. */
  readonly data: string;
  /** Epoch ms the record entered the stream (Firehose's approximate arrival timestamp). */
  readonly arrivedAt: number;
  /** Whatever the adapter needs to acknowledge the record once it is written (a receipt handle). */
  readonly token: T;
}

export class FirehoseBuffer<T = unknown> {
  readonly #options: FirehoseBufferOptions;
  #records: BufferedRecord<T>[] = [];
  #bytes = 0;

  constructor(options: FirehoseBufferOptions) {
    const { bufferingSeconds, bufferingBytes } = options;
    if (!Number.isInteger(bufferingSeconds) || bufferingSeconds < 0 || bufferingSeconds > 900) {
      throw new RangeError(`bufferingSeconds must be an integer from 0 to 900, got ${bufferingSeconds}`);
    }
    if (!Number.isInteger(bufferingBytes) || bufferingBytes < 1) {
      throw new RangeError(`bufferingBytes must be a positive integer, got ${bufferingBytes}`);
    }
    this.#options = { bufferingSeconds, bufferingBytes };
  }

  add(record: BufferedRecord<T>): void {
    assertSingleLine(record.data);
    this.#records.push(record);
    // +1: the newline each record takes in the object.
    this.#bytes += Buffer.byteLength(record.data) + 1;
  }

  get length(): number {
    return this.#records.length;
  }

  get bytes(): number {
    return this.#bytes;
  }

  shouldFlush(now: number): boolean {
    if (this.#records.length === 0) return false;
    if (this.#bytes >= this.#options.bufferingBytes) return true;
    return now - oldestArrival(this.#records) >= this.#options.bufferingSeconds * 1000;
  }

  drain(): BufferedRecord<T>[] {
    const batch = this.#records;
    this.#records = [];
    this.#bytes = 0;
    return batch;
  }
}

export function oldestArrival(records: readonly { readonly arrivedAt: number }[]): number {
  if (records.length === 0) throw new RangeError('an empty batch has no arrival time');
  // reduce, not Math.min(...): a spread of a large batch overflows the call stack.
  return records.reduce((oldest, record) => Math.min(oldest, record.arrivedAt), Number.POSITIVE_INFINITY);
}

export const RecordKind = { DELIVERED: 'delivered', ERROR: 'error' } as const;
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];

export type DeliveredRecord =
  | { readonly kind: typeof RecordKind.DELIVERED; readonly data: string }
  | { readonly kind: typeof RecordKind.ERROR; readonly data: string; readonly reason: string };

/**
 * Turns a buffer-queue message body into the line Firehose would store. Two bodies are records:
 *  - moto's delivery: the whole EventBridge envelope (moto ignores the target's InputPath), whose
 *    `detail` is an object (or, defensively, a JSON string of one);
 *  - a real `InputPath: $.detail` delivery: the body already is the detail object.
 * Anything else becomes an error record carrying the raw body. (A real Firehose stores any
 * bytes; the error prefix here keeps garbage out of the Athena partitions, where one bad line
 * fails every query of the table.)
 */
export function toDeliveredRecord(body: string): DeliveredRecord {
  const parsed = parseJson(body);
  if (!isJsonObject(parsed)) return errorRecord(body, 'the message body is not a JSON object');
  if (!isEnvelope(parsed)) return { kind: RecordKind.DELIVERED, data: singleLine(body, parsed) };
  const { detail } = parsed;
  if (isJsonObject(detail)) return { kind: RecordKind.DELIVERED, data: JSON.stringify(detail) };
  if (typeof detail === 'string') {
    const inner = parseJson(detail);
    if (isJsonObject(inner)) return { kind: RecordKind.DELIVERED, data: singleLine(detail, inner) };
  }
  return errorRecord(body, 'the EventBridge envelope has no JSON object as detail');
}

/**
 * Newline-delimited JSON: one record per line and a trailing newline. A real Firehose
 * concatenates records exactly as sent and adds no newline; spec section 5 requires one JSON
 * object per line (what the Athena JSON SerDe reads), so this stage writes that layout.
 */
export function renderObject(records: readonly { readonly data: string }[]): string {
  for (const record of records) assertSingleLine(record.data);
  return records.map((record) => `${record.data}\n`).join('');
}

/** Firehose's object name: <evaluated prefix><stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid>. */
export function buildObjectKey(options: {
  readonly prefix: string;
  readonly streamName: string;
  /** Arrival time of the oldest record in the object: Firehose names and partitions by it. */
  readonly at: Date;
  readonly id: string;
  readonly errorOutputType?: string;
}): string {
  const { prefix, streamName, at, id, errorOutputType } = options;
  const evaluated = renderFirehosePrefix(prefix, at, errorOutputType ? { errorOutputType } : {});
  // Version 1: the stream's configuration never changes during a run.
  return `${evaluated}${streamName}-1-${formatUtc('yyyy-MM-dd-HH-mm-ss', at)}-${id}`;
}

/** Where the stage writes a batch; both halves of the Firehose destination configuration. */
export interface ObjectLayout {
  readonly prefix: string;
  readonly errorPrefix: string;
  readonly streamName: string;
  /** `!{firehose:error-output-type}` of the error prefix. */
  readonly errorOutputType: string;
  readonly newId: () => string;
}

export interface PlannedObject<T> {
  readonly kind: RecordKind;
  readonly key: string;
  readonly body: string;
  readonly records: readonly BufferedRecord<T>[];
}

/** Splits a drained batch into at most one object of records and one of error records. */
export function planObjects<T extends { readonly kind: RecordKind }>(
  batch: readonly BufferedRecord<T>[],
  layout: ObjectLayout,
): PlannedObject<T>[] {
  const planned: PlannedObject<T>[] = [];
  for (const kind of [RecordKind.DELIVERED, RecordKind.ERROR]) {
    const records = batch.filter((record) => record.token.kind === kind);
    if (records.length === 0) continue;
    const isError = kind === RecordKind.ERROR;
    const key = buildObjectKey({
      prefix: isError ? layout.errorPrefix : layout.prefix,
      streamName: layout.streamName,
      at: new Date(oldestArrival(records)),
      id: layout.newId(),
      ...(isError ? { errorOutputType: layout.errorOutputType } : {}),
    });
    planned.push({ kind, key, body: renderObject(records), records });
  }
  return planned;
}

function errorRecord(body: string, reason: string): DeliveredRecord {
  // Raw body, one per line; a body with a line break is written as a JSON string so it stays one.
  return { kind: RecordKind.ERROR, data: /[\r\n]/.test(body) ? JSON.stringify(body) : body, reason };
}

/** Keeps the text as sent when it is one line; re-serializes only to remove line breaks. */
function singleLine(text: string, parsed: unknown): string {
  return /[\r\n]/.test(text) ? JSON.stringify(parsed) : text.trim();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEnvelope(value: Record<string, unknown>): boolean {
  return typeof value.source === 'string' && typeof value['detail-type'] === 'string' && 'detail' in value;
}

function assertSingleLine(data: string): void {
  if (/[\r\n]/.test(data)) throw new RangeError('a Firehose record line must not contain a line break');
}
