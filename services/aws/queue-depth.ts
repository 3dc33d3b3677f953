/**
 * A queue's depth as SQS approximates it: one GetQueueAttributes, a read of the queue's public
 * surface. The reference adapter (SqsQueue.counts: drains, redrive) and the harness (the queue
 * sampler, final reads) both read it here, so the dependency rule lets scenarios/ import it
 * next to the client factory.
 */
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from './clients';

export interface QueueDepth {
  readonly visible: number;
  /** Received and not yet deleted or handed back (in flight). */
  readonly notVisible: number;
  readonly delayed: number;
}

export async function readQueueDepth(
  clients: Pick<AwsClients, 'sqs'>,
  queueUrl: string,
): Promise<QueueDepth> {
  const { Attributes = {} } = await clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  return {
    visible: Number(Attributes.ApproximateNumberOfMessages ?? 0),
    notVisible: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
    delayed: Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0),
  };
}
