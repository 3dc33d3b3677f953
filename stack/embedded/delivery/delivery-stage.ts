/**
 * The embedded stand-in for Kinesis Data Firehose: the ONE place where this project imitates an
 * AWS service instead of driving an emulator. No local emulator delivers EventBridge matches to
 * Firehose or evaluates `!{timestamp:...}` prefixes, so in the embedded stack the rule
 * `rule-worker-to-firehose` targets a buffer queue in moto's SQS, and this stage moves what
 * arrives there into the bucket the way a delivery stream would: buffer by time or size, one
 * object per batch, keys partitioned by the oldest record's arrival time (UTC), unusable records
 * under the error prefix. It is not Firehose: no retries on a schedule, no compression, no
 * format conversion, and it adds the newline between records that the spec asks for and a real
 * stream does not. On AWS a real delivery stream does this job; the rule, bucket and layout are
 * the same.
 *
 * At-least-once, like Firehose: a message is deleted only after its object is written.
 *
 *   receive m1 (invisible for bufferingSeconds + 60 s) ... PutObject ok ... DeleteMessage m1
 *   a crash anywhere before the delete: m1 comes back and is written again (duplicate, never lost)
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { type Logger, pino } from 'pino';
import { type Clock, type IdGenerator, randomIdGenerator, systemClock } from '../../../services/common/clock';
import { BufferQueue } from './buffer-queue';
import {
  FirehoseBuffer,
  type PlannedObject,
  planObjects,
  RecordKind,
  toDeliveredRecord,
} from './firehose-buffer';

export interface DeliveryStageOptions {
  /** A client for moto, which holds the buffer queue. */
  readonly sqs: SQSClient;
  /** A client for fauxqs (forcePathStyle), which holds the bucket. */
  readonly s3: S3Client;
  readonly bufferQueueUrl: string;
  readonly bucket: string;
  /** Firehose Prefix, e.g. 'events/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/'. */
  readonly prefix: string;
  /** Firehose ErrorOutputPrefix, e.g. 'events/error/'. */
  readonly errorPrefix: string;
  readonly streamName: string;
  readonly bufferingSeconds: number;
  readonly bufferingBytes: number;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  /** Long-poll wait of each receive; 1 s keeps flush() and stop() prompt. */
  readonly waitSeconds?: number;
}

export interface WrittenObject {
  readonly kind: RecordKind;
  readonly key: string;
  readonly records: number;
}

export interface FlushReport {
  readonly objects: readonly WrittenObject[];
  readonly recordsDelivered: number;
  readonly errorRecords: number;
}

export interface DeliveryStageStats {
  recordsDelivered: number;
  errorRecords: number;
  objectsWritten: number;
  keysWritten: string[];
  receiveErrors: number;
  writeErrors: number;
  /** Messages whose delete failed after their object was written: they will be written twice. */
  deleteErrors: number;
}

/** The counters of a delivery that has delivered nothing yet (the stage's and LocalStack's). */
export function emptyDeliveryStats(): DeliveryStageStats {
  return {
    recordsDelivered: 0,
    errorRecords: 0,
    objectsWritten: 0,
    keysWritten: [],
    receiveErrors: 0,
    writeErrors: 0,
    deleteErrors: 0,
  };
}

export interface StartedDeliveryStage {
  readonly stats: Readonly<DeliveryStageStats>;
  /** Receives until the buffer queue is empty and writes everything buffered, due or not. */
  flush(): Promise<FlushReport>;
  /** Ends the poll loop, then flushes. */
  stop(): Promise<void>;
}

interface Token {
  readonly kind: RecordKind;
  readonly messageId: string;
  readonly receiptHandle: string;
}

/** Firehose's name for records that failed before delivery (our only error type). */
const ERROR_OUTPUT_TYPE = 'processing-failed';
/** Hold time beyond the buffering interval for the PutObject and the deletes. */
const WRITE_MARGIN_SECONDS = 60;
/** Pause after a failed receive or write, so an emulator outage is not a busy loop. */
const RETRY_PAUSE_MS = 1_000;

export function startDeliveryStage(options: DeliveryStageOptions): StartedDeliveryStage {
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIdGenerator;
  const waitSeconds = options.waitSeconds ?? 1;
  if (!Number.isInteger(waitSeconds) || waitSeconds < 0 || waitSeconds > 20) {
    throw new RangeError(`waitSeconds must be an integer from 0 to 20, got ${waitSeconds}`);
  }
  const log = (options.logger ?? pino({ level: 'silent' })).child({
    component: 'delivery-stage',
    stream: options.streamName,
  });
  const buffer = new FirehoseBuffer<Token>(options);
  const queue = new BufferQueue(options.sqs, options.bufferQueueUrl);
  const layout = {
    prefix: options.prefix,
    errorPrefix: options.errorPrefix,
    streamName: options.streamName,
    errorOutputType: ERROR_OUTPUT_TYPE,
    newId: () => ids.newId(),
  };
  const stats = emptyDeliveryStats();

  /** One receive into the buffer; returns how many messages came. */
  const receiveOnce = async (): Promise<number> => {
    // Buffered messages must stay invisible until written, or SQS hands them out twice.
    const messages = await queue.receive({
      waitSeconds,
      holdSeconds: options.bufferingSeconds + WRITE_MARGIN_SECONDS,
    });
    for (const { messageId, receiptHandle, body, sentAt } of messages) {
      const record = toDeliveredRecord(body);
      if (record.kind === RecordKind.ERROR) log.warn({ messageId, reason: record.reason }, 'record_rejected');
      // Arrival = when EventBridge put it in the buffer queue, the moment a real stream would
      // have received it; the receive time would move records across hours after a pause.
      buffer.add({
        data: record.data,
        arrivedAt: sentAt ?? clock.now(),
        token: { kind: record.kind, messageId, receiptHandle },
      });
    }
    return messages.length;
  };

  const writeBuffered = async (): Promise<WrittenObject[]> => {
    const plans = planObjects(buffer.drain(), layout);
    const written: WrittenObject[] = [];
    for (const [index, plan] of plans.entries()) {
      try {
        await options.s3.send(
          new PutObjectCommand({ Bucket: options.bucket, Key: plan.key, Body: plan.body }),
        );
      } catch (err) {
        stats.writeErrors++;
        // Hand the unwritten records back to the queue now rather than after the hold time.
        const released = await queue.release(handlesOf(plans.slice(index)));
        if (released.failed > 0) log.warn({ errors: released.errors }, 'release_failed');
        throw err;
      }
      recordWritten(plan);
      written.push({ kind: plan.kind, key: plan.key, records: plan.records.length });
      // Only now: a crash before this line duplicates the batch, never loses it.
      const acked = await queue.acknowledge(handlesOf([plan]));
      stats.deleteErrors += acked.failed;
      if (acked.failed > 0) log.warn({ failed: acked.failed, errors: acked.errors }, 'delete_failed');
    }
    return written;
  };

  const recordWritten = (plan: PlannedObject<Token>) => {
    stats.objectsWritten++;
    stats.keysWritten.push(plan.key);
    if (plan.kind === RecordKind.ERROR) stats.errorRecords += plan.records.length;
    else stats.recordsDelivered += plan.records.length;
    log.info({ key: plan.key, kind: plan.kind, records: plan.records.length }, 'object_written');
  };

  // The loop and flush() share the buffer: one step at a time.
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(step: () => Promise<T>): Promise<T> => {
    const run = tail.then(step, step);
    tail = run.catch(() => {});
    return run;
  };

  let stopping = false;
  const loop = async () => {
    while (!stopping) {
      const healthy = await exclusive(async () => {
        let received = true;
        try {
          await receiveOnce();
        } catch (err) {
          stats.receiveErrors++;
          log.warn({ err }, 'receive_failed');
          received = false;
        }
        // Due records are written even when a receive failed: the oldest must not wait on SQS.
        try {
          if (buffer.shouldFlush(clock.now())) await writeBuffered();
        } catch (err) {
          // Counted in writeErrors; the records went back to the queue and will be received again.
          log.warn({ err }, 'write_failed');
          return false;
        }
        return received;
      });
      if (!healthy) await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
    }
  };
  const done = loop();

  const flush = () =>
    exclusive(async (): Promise<FlushReport> => {
      const objects: WrittenObject[] = [];
      let received: number;
      do {
        received = await receiveOnce();
        // Honour the size limit while draining a large backlog.
        if (buffer.shouldFlush(clock.now())) objects.push(...(await writeBuffered()));
      } while (received > 0);
      objects.push(...(await writeBuffered()));
      const count = (kind: RecordKind) =>
        objects.filter((object) => object.kind === kind).reduce((sum, object) => sum + object.records, 0);
      return {
        objects,
        recordsDelivered: count(RecordKind.DELIVERED),
        errorRecords: count(RecordKind.ERROR),
      };
    });

  return {
    stats,
    flush,
    async stop() {
      stopping = true;
      await done;
      await flush();
    },
  };
}

function handlesOf(plans: readonly PlannedObject<Token>[]): string[] {
  return plans.flatMap((plan) => plan.records.map((record) => record.token.receiptHandle));
}
