/**
 * The SQS side of the delivery stage: the buffer queue in moto that `rule-worker-to-firehose`
 * targets. Kept apart from the stage so the stage reads as buffering and writing only.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

export interface BufferMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  /** SentTimestamp: when EventBridge put the event in the queue. */
  readonly sentAt: number | undefined;
}

/** What a batch acknowledgement could not do; those messages come back and are written twice. */
export interface AckFailures {
  readonly failed: number;
  readonly errors: readonly unknown[];
}

const SQS_BATCH_LIMIT = 10;

export class BufferQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  /** Received messages stay invisible for holdSeconds: long enough to be buffered and written. */
  async receive(options: { waitSeconds: number; holdSeconds: number }): Promise<BufferMessage[]> {
    const { Messages = [] } = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: SQS_BATCH_LIMIT,
        WaitTimeSeconds: options.waitSeconds,
        VisibilityTimeout: options.holdSeconds,
        MessageSystemAttributeNames: ['SentTimestamp'],
      }),
    );
    return Messages.map((message) => {
      const sent = Number(message.Attributes?.SentTimestamp);
      return {
        messageId: message.MessageId ?? '',
        receiptHandle: message.ReceiptHandle ?? '',
        body: message.Body ?? '',
        sentAt: Number.isFinite(sent) ? sent : undefined,
      };
    });
  }

  /** Deletes written messages; never throws, because the object is already in the bucket. */
  async acknowledge(receiptHandles: readonly string[]): Promise<AckFailures> {
    let failed = 0;
    const errors: unknown[] = [];
    for (const chunk of chunks(receiptHandles, SQS_BATCH_LIMIT)) {
      try {
        const { Failed = [] } = await this.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.queueUrl,
            Entries: chunk.map((handle, i) => ({ Id: String(i), ReceiptHandle: handle })),
          }),
        );
        failed += Failed.length;
        errors.push(...Failed);
      } catch (err) {
        failed += chunk.length;
        errors.push(err);
      }
    }
    return { failed, errors };
  }

  /**
   * Makes unwritten messages visible again now instead of after the hold time. Best effort: if
   * this fails too, the hold time runs out and they come back anyway.
   */
  async release(receiptHandles: readonly string[]): Promise<AckFailures> {
    let failed = 0;
    const errors: unknown[] = [];
    for (const chunk of chunks(receiptHandles, SQS_BATCH_LIMIT)) {
      try {
        await this.sqs.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: this.queueUrl,
            Entries: chunk.map((handle, i) => ({
              Id: String(i),
              ReceiptHandle: handle,
              VisibilityTimeout: 0,
            })),
          }),
        );
      } catch (err) {
        failed += chunk.length;
        errors.push(err);
      }
    }
    return { failed, errors };
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
