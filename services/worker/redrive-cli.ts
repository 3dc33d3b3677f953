/** `npm run redrive -- [--limit N] [--patience S]`: operator command to send dead letters back to the main queue. */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { targetFromEnvironment } from '../aws/aws-target';
import { createAwsClients } from '../aws/clients';
import { SqsQueue } from '../aws/participation-queue';
import { parseConfig } from '../common';
import { redriveDeadLetters } from './redrive';

const config = parseConfig(
  z.object({ QUEUE_URL: z.url(), DLQ_URL: z.url() }),
  process.env,
  'redrive (source .stack/current/endpoints.env first)',
);
const { values } = parseArgs({
  options: { limit: { type: 'string', default: '1000' }, patience: { type: 'string', default: '60' } },
});
const limit = Number(values.limit);
if (!Number.isInteger(limit) || limit < 1) {
  console.error(`redrive: --limit must be a positive integer, got ${values.limit}`);
  process.exit(2);
}
const patienceSeconds = Number(values.patience);
if (!Number.isFinite(patienceSeconds) || patienceSeconds < 0) {
  console.error(`redrive: --patience must be a number of seconds, got ${values.patience}`);
  process.exit(2);
}
const clients = createAwsClients(targetFromEnvironment(process.env));
const report = await redriveDeadLetters(
  new SqsQueue(clients, config.DLQ_URL),
  new SqsQueue(clients, config.QUEUE_URL),
  {
    limit,
    patienceMs: patienceSeconds * 1000,
    onProgress: (moved) => console.log(`redrive: ${moved} moved`),
  },
);
console.log(
  `redrive: ${report.moved} message(s) moved from the DLQ to the main queue (stopped: ${report.stoppedBy}); ` +
    `left in the DLQ: ${report.remaining.visible} visible, ${report.remaining.inFlight} in flight`,
);
if (report.requestIds.length > 0) console.log(`redrive: requestIds moved: ${report.requestIds.join(' ')}`);
clients.destroy();
