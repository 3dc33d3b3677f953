/** The worker process: reads the environment once, wires real clients, stops cleanly on SIGTERM. */
import { pino } from 'pino';
import { targetFromEnvironment } from '../aws/aws-target';
import { createAwsClients } from '../aws/clients';
import { parseConfig } from '../common';
import { WorkerConfigSchema } from './config';
import type { Checkpoint } from './ports';
import { startWorker } from './worker';

const config = parseConfig(WorkerConfigSchema, process.env, 'worker');
const logger = pino({ name: 'worker', level: config.LOG_LEVEL });
const clients = createAwsClients(targetFromEnvironment(process.env));

/** For chaos runs: die like a killed machine at the named point, without any cleanup. */
function crashCheckpoint(): Checkpoint | undefined {
  if (!config.CRASH_AT) return undefined;
  let passes = 0;
  return (point, requestId) => {
    if (point !== config.CRASH_AT || ++passes < config.CRASH_AFTER) return;
    logger.warn({ point, requestId, passes }, 'worker_crashing_on_purpose');
    process.kill(process.pid, 'SIGKILL');
  };
}

const checkpoint = crashCheckpoint();
const worker = startWorker(config, clients, logger, checkpoint ? { checkpoint } : {});
logger.info(
  { workerId: worker.workerId, queue: config.QUEUE_URL, concurrency: config.CONCURRENCY },
  'worker_started',
);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    logger.info({ signal }, 'worker_stopping');
    await worker.stop();
    logger.info(worker.main.stats, 'worker_stopped');
    clients.destroy();
    process.exit(0);
  });
}
