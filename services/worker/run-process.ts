/**
 * The worker as a process: parse the configuration once, wire real clients, stop cleanly on
 * SIGTERM. main.ts runs it as it is; a harness can run it with other injected parts (a mutant
 * store from the bug zoo) through `overrides`, without any flag in this code.
 */
import { pino } from 'pino';
import { targetFromEnvironment } from '../aws/aws-target';
import { type AwsClients, createAwsClients } from '../aws/clients';
import { parseConfig } from '../common';
import { type WorkerConfig, WorkerConfigSchema } from './config';
import type { Checkpoint } from './ports';
import { startWorker, type WorkerOverrides } from './worker';

export function runWorkerProcess(
  env: Readonly<Record<string, string | undefined>>,
  overrides: (clients: AwsClients, config: WorkerConfig) => WorkerOverrides = () => ({}),
): void {
  const config = parseConfig(WorkerConfigSchema, env, 'worker');
  const logger = pino({ name: 'worker', level: config.LOG_LEVEL });
  const clients = createAwsClients(targetFromEnvironment(env));

  /** For chaos runs: die like a killed machine at the named point, without any cleanup. */
  const crashCheckpoint = (): Checkpoint | undefined => {
    if (!config.CRASH_AT) return undefined;
    let passes = 0;
    return (point, requestId) => {
      if (point !== config.CRASH_AT || ++passes < config.CRASH_AFTER) return;
      logger.warn({ point, requestId, passes }, 'worker_crashing_on_purpose');
      process.kill(process.pid, 'SIGKILL');
    };
  };

  const checkpoint = crashCheckpoint();
  const worker = startWorker(config, clients, logger, {
    ...(checkpoint ? { checkpoint } : {}),
    ...overrides(clients, config),
  });
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
}
