/**
 * Records queue depth (visible and in flight, main queue and DLQ) and the event's
 * capacityRemaining every interval: the evidence the runbook took as console screenshots.
 * Both through public surfaces only (the queues' attributes, one read of the table's capacity
 * item by the contract's key), so it samples a system the harness did not write alike.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { QueueSample } from '../../invariants/history';
import type { AwsClients } from '../../services/aws/clients';
import { readQueueDepth } from '../../services/aws/queue-depth';
import { CapacityItemSchema, capacityKey } from '../../services/common';

export interface SamplerTarget {
  readonly clients: AwsClients;
  readonly tableName: string;
  readonly mainQueueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly eventId: string;
}

// The one queue-depth read; kept importable from here for the runbooks that already do.
export { type QueueDepth, readQueueDepth } from '../../services/aws/queue-depth';

export interface RunningSampler {
  readonly samples: readonly QueueSample[];
  latest(): QueueSample | undefined;
  stop(): Promise<readonly QueueSample[]>;
}

export function startQueueSampler(
  target: SamplerTarget,
  context: {
    intervalMs: number;
    phase: () => string;
    workerRunning: () => boolean;
    /** The list to collect into: a live history's, so that each sample is on disk as it is taken. */
    into?: QueueSample[];
  },
): RunningSampler {
  const samples: QueueSample[] = context.into ?? [];
  let running = true;
  const takeSample = async () => {
    const workerRunning = context.workerRunning();
    const [main, dlq, capacity] = await Promise.all([
      readQueueDepth(target.clients, target.mainQueueUrl),
      readQueueDepth(target.clients, target.deadLetterQueueUrl),
      readCapacityRemaining(target),
    ]);
    samples.push({
      time: Date.now(),
      phase: context.phase(),
      // Delayed messages (re-sent by a worker waiting for QUEUED) are still in the queue.
      visible: main.visible + main.delayed,
      notVisible: main.notVisible,
      dlqVisible: dlq.visible + dlq.notVisible,
      capacityRemaining: capacity,
      workerRunning,
    });
  };
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      await takeSample().catch(() => undefined);
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, context.intervalMs - (Date.now() - started))),
      );
    }
  })();
  return {
    samples,
    latest: () => samples.at(-1),
    async stop() {
      running = false;
      await loop;
      await takeSample().catch(() => undefined);
      return samples;
    },
  };
}

/**
 * The event's capacityRemaining by one consistent read; null when the item is missing or is no
 * capacity item (the sample is still taken: I1 judges the final item, not this one).
 */
async function readCapacityRemaining(target: SamplerTarget): Promise<number | null> {
  const { Item } = await target.clients.documents.send(
    new GetCommand({ TableName: target.tableName, Key: capacityKey(target.eventId), ConsistentRead: true }),
  );
  const capacity = CapacityItemSchema.safeParse(Item);
  return capacity.success ? capacity.data.capacityRemaining : null;
}
