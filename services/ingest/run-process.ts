/**
 * The ingest as a process: parse the configuration once, wire real clients, stop cleanly on
 * SIGTERM. main.ts runs it as it is; a harness can run it with other injected parts (a mutant
 * store or route from the bug zoo) through `overrides`, without any flag in this code.
 */
import { pino } from 'pino';
import { targetFromEnvironment } from '../aws/aws-target';
import { type AwsClients, createAwsClients } from '../aws/clients';
import { parseConfig } from '../common';
import { type IngestConfig, IngestConfigSchema } from './config';
import { type IngestOverrides, type StartedIngest, startIngest } from './server';

export async function runIngestProcess(
  env: Readonly<Record<string, string | undefined>>,
  overrides: (clients: AwsClients, config: IngestConfig) => IngestOverrides = () => ({}),
): Promise<StartedIngest> {
  const config = parseConfig(IngestConfigSchema, env, 'ingest');
  const logger = pino({ name: 'ingest', level: config.LOG_LEVEL });
  const clients = createAwsClients(targetFromEnvironment(env));
  const ingest = await startIngest(config, clients, logger, overrides(clients, config));
  logger.info({ url: ingest.url, table: config.TABLE_NAME, queue: config.QUEUE_URL }, 'ingest_listening');

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, async () => {
      logger.info({ signal }, 'ingest_stopping');
      await ingest.stop();
      clients.destroy();
      process.exit(0);
    });
  }
  return ingest;
}
