/**
 * Worker drain rate against its direct call pattern. Both drain the same backlog (N requests,
 * capacity N/2 so both SUCCEEDED and REJECTED paths run) with the same concurrency:
 *   worker  the real poll loop + message handler (zod parsing, classification, logging)
 *   direct  bare lanes: receive 10, then per message getRequest, acquire, finishFirstCome, delete
 * Goal: the worker drains at >= 0.8x of its direct call pattern.
 */
import { pino } from 'pino';
import { scanTable, splitTable } from '../scenarios/runner/final-state';
import { readQueueDepth } from '../scenarios/runner/queue-sampler';
import { createAwsClients } from '../services/aws/clients';
import { SqsQueue } from '../services/aws/participation-queue';
import { participate } from '../services/ingest/participate';
import { WorkerConfigSchema } from '../services/worker/config';
import { startWorker } from '../services/worker/worker';
import { provision } from '../stack/provision';
import { defineResources } from '../stack/resources';
import { directIngest, type Measurement, printComparison, startBenchStack } from './bench-lib';

const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const LEASE_MS = 30_000;

await using stack = await startBenchStack('bench-worker');
const clients = createAwsClients(stack.target);

async function backlog(name: string) {
  const resources = await provision(
    clients,
    defineResources({ namePrefix: `${name}-`, fixtures: [{ eventId: 'EVT-BENCH', capacity: BACKLOG / 2 }] }),
  );
  const deps = directIngest(clients, resources);
  const { store } = deps;
  console.log(`[bench-worker] filling ${resources.tableName} with ${BACKLOG} queued requests`);
  for (let lane = 0; lane < 16; lane++) {
    await Promise.all(
      Array.from({ length: BACKLOG / 16 }, (_, i) =>
        participate(deps, { eventId: 'EVT-BENCH', userId: `u-${lane}-${i}` }),
      ),
    );
  }
  return { resources, store };
}

/** Latency per message is read back from the items (finishedAt - startedAt): the same on both paths. */
async function timeDrain(
  label: string,
  target: { tableName: string; mainQueueUrl: string },
  drain: () => Promise<void>,
): Promise<Measurement> {
  const started = performance.now();
  await drain();
  const seconds = (performance.now() - started) / 1000;
  const depth = await readQueueDepth(clients, target.mainQueueUrl);
  const { requests } = splitTable(await scanTable(clients, target.tableName));
  const latenciesMs = requests.flatMap((r) =>
    r.finishedAt && r.startedAt ? [r.finishedAt - r.startedAt] : [],
  );
  const unfinished = requests.length - latenciesMs.length;
  return {
    label,
    operations: BACKLOG,
    errors: depth.visible + depth.notVisible + unfinished,
    seconds,
    latenciesMs,
  };
}

async function untilEmpty(queueUrl: string): Promise<void> {
  for (;;) {
    const depth = await readQueueDepth(clients, queueUrl);
    if (depth.visible + depth.notVisible + depth.delayed === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const forWorker = await backlog('bw');
console.log('[bench-worker] draining with the worker');
const worker = await timeDrain('worker (poll loop + handler)', forWorker.resources, async () => {
  const running = startWorker(
    WorkerConfigSchema.parse({
      TABLE_NAME: forWorker.resources.tableName,
      QUEUE_URL: forWorker.resources.mainQueueUrl,
      DLQ_URL: forWorker.resources.deadLetterQueueUrl,
      CONCURRENCY: String(CONCURRENCY),
      WAIT_SECONDS: '1',
      DLQ_HANDLER: 'off',
      // The direct pattern makes no PutEvents; the analytics cost is G1's to measure.
      ANALYTICS: 'off',
    }),
    clients,
    pino({ level: 'warn' }),
  );
  await untilEmpty(forWorker.resources.mainQueueUrl);
  await running.stop();
});

const forDirect = await backlog('bd');
console.log('[bench-worker] draining with the direct call pattern');
const queue = new SqsQueue(clients, forDirect.resources.mainQueueUrl);
const direct = await timeDrain('direct calls (same pattern)', forDirect.resources, async () => {
  let empty = false;
  // As many messages in flight as the worker has: lanes of up to 10 (one receive each).
  const lanes = Math.ceil(CONCURRENCY / 10);
  const perLane = Math.ceil(CONCURRENCY / lanes);
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (!empty) {
        const messages = await queue.receive({ maxMessages: perLane, waitSeconds: 1 });
        if (messages.length === 0) {
          empty = true;
          break;
        }
        await Promise.all(
          messages.map(async (message) => {
            const { requestId } = JSON.parse(message.body) as { requestId: string };
            const item = await forDirect.store.getRequest(requestId);
            if (!item) return;
            const now = Date.now();
            await forDirect.store.acquire(item, now, LEASE_MS, 'bench');
            await forDirect.store.finishFirstCome(
              { ...item, status: 'PROCESSING', attempt: item.attempt + 1 },
              Date.now(),
            );
            await queue.delete(message.receiptHandle);
          }),
        );
      }
    }),
  );
  await untilEmpty(forDirect.resources.mainQueueUrl);
});

printComparison(
  `Worker drain benchmark: ${BACKLOG} queued requests, ${CONCURRENCY} in flight, ministack`,
  worker,
  direct,
  0.8,
);
console.log(
  'ops/s = drained requests per second; p50/p95 = per-request processing time, finishedAt - startedAt',
);
clients.destroy();
