/**
 * The worker as a process: parse the configuration once, wire real clients, stop cleanly on
 * SIGTERM. main.ts runs it as it is; a harness can run it with other injected parts (a mutant
 * store from the bug zoo, a crash checkpoint for chaos runs) through `overrides`, without any
 * flag in this code.
 */
import { pino } from 'pino';
import { targetFromEnvironment } from '../aws/aws-target';
import { type AwsClients, createAwsClients } from '../aws/clients';
import { parseConfig } from '../common';
import { type WorkerConfig, WorkerConfigSchema } from './config';
import { startWorker, type WorkerOverrides } from './worker';

export function runWorkerProcess(
  env: Readonly<Record<string, string | undefined>>,
  overrides: (clients: AwsClients, config: WorkerConfig) => WorkerOverrides = () => ({}),
): void {
  const config = parseConfig(WorkerConfigSchema, env, 'worker');
  const logger = pino({ name: 'worker', level: config.LOG_LEVEL });
  const clients = createAwsClients(targetFromEnvironment(env));

  const worker = startWorker(config, clients, logger, overrides(clients, config));
  logger.info(
    { workerId: worker.workerId, queue: config.QUEUE_URL, concurrency: config.CONCURRENCY },
    'worker_started',
  );

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, async () => {
      logger.info({ signal }, 'worker_stopping');
      await worker.stop();
      logger.info({ ...worker.main.stats, dlq: worker.dlqStats }, 'worker_stopped');
      clients.destroy();
      process.exit(0);
    });
  }
}
