/** The ingest process: reads the environment once, wires real clients, stops cleanly on SIGTERM. */
import { pino } from 'pino';
import { targetFromEnvironment } from '../aws/aws-target';
import { createAwsClients } from '../aws/clients';
import { parseConfig } from '../common';
import { IngestConfigSchema } from './config';
import { startIngest } from './server';

const config = parseConfig(IngestConfigSchema, process.env, 'ingest');
const logger = pino({ name: 'ingest', level: config.LOG_LEVEL });
const clients = createAwsClients(targetFromEnvironment(process.env));
const ingest = await startIngest(config, clients, logger);
logger.info({ url: ingest.url, table: config.TABLE_NAME, queue: config.QUEUE_URL }, 'ingest_listening');

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    logger.info({ signal }, 'ingest_stopping');
    await ingest.stop();
    clients.destroy();
    process.exit(0);
  });
}
