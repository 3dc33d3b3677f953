/**
 * The SQS adapter for the main queue and the DLQ. Ingest sends; the worker receives, deletes and
 * pushes visibility out; the DLQ handler reads the DLQ and operators redrive it.
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import type { QueueMessage } from '../common';
import type { AwsClients } from './clients';
import { type QueueDepth, readQueueDepth } from './queue-depth';

export interface ReceivedMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly receiveCount: number;
}

export type QueueCounts = QueueDepth;

export class SqsQueue {
  constructor(
    private readonly clients: AwsClients,
    readonly queueUrl: string,
  ) {}

  async send(message: QueueMessage): Promise<void> {
    await this.sendRaw(JSON.stringify(message));
  }

  /** Sends a body as it is: the redrive command and poison-message tests need exactly this. */
  async sendRaw(body: string, delaySeconds?: number): Promise<void> {
    await this.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: body,
        ...(delaySeconds ? { DelaySeconds: delaySeconds } : {}),
      }),
    );
  }

  async receive(options: { maxMessages: number; waitSeconds: number; abortSignal?: AbortSignal }) {
    const { Messages = [] } = await this.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: options.maxMessages,
        WaitTimeSeconds: options.waitSeconds,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
      options.abortSignal ? { abortSignal: options.abortSignal } : {},
    );
    return Messages.flatMap(toReceived);
  }

  /** SQS's approximate counts: what a drain or a redrive waits on. */
  counts(): Promise<QueueCounts> {
    return readQueueDepth(this.clients, this.queueUrl);
  }

  async delete(receiptHandle: string): Promise<void> {
    await this.clients.sqs.send(
      new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle }),
    );
  }

  async changeVisibility(receiptHandle: string, seconds: number): Promise<void> {
    await this.clients.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: seconds,
      }),
    );
  }
}

function toReceived(message: Message): ReceivedMessage[] {
  if (!message.MessageId || !message.ReceiptHandle) return [];
  return [
    {
      messageId: message.MessageId,
      receiptHandle: message.ReceiptHandle,
      body: message.Body ?? '',
      receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? '1'),
    },
  ];
}
