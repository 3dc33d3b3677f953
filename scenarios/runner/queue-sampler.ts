/**
 * Records queue depth (visible and in flight, main queue and DLQ) and the event's
 * capacityRemaining every interval: the evidence the runbook took as console screenshots.
 */
import type { QueueSample } from '../../invariants/history';
import type { AwsClients } from '../../services/aws/clients';
import { readQueueDepth } from '../../services/aws/queue-depth';
import { DynamoRequestStore } from '../../services/aws/request-store';

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
  const store = new DynamoRequestStore(target.clients, target.tableName);
  const samples: QueueSample[] = context.into ?? [];
  let running = true;
  const takeSample = async () => {
    const workerRunning = context.workerRunning();
    const [main, dlq, capacity] = await Promise.all([
      readQueueDepth(target.clients, target.mainQueueUrl),
      readQueueDepth(target.clients, target.deadLetterQueueUrl),
      store.getCapacity(target.eventId),
    ]);
    samples.push({
      time: Date.now(),
      phase: context.phase(),
      // Delayed messages (re-sent by a worker waiting for QUEUED) are still in the queue.
      visible: main.visible + main.delayed,
      notVisible: main.notVisible,
      dlqVisible: dlq.visible + dlq.notVisible,
      capacityRemaining: capacity?.capacityRemaining ?? null,
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
