import type { Logger } from 'pino';
import type { FinalState } from '../../invariants';
import type { AwsClients } from '../../services/aws/clients';
import type { ProvisionedResources } from '../../stack/provision';
import { peekDeadLetters, scanTable, splitTable } from '../runner/final-state';
import { readQueueDepth } from '../runner/queue-sampler';

/** The final reads of collectFinalState, except that an empty DLQ is not polled for seconds. */
export async function readStageFinalState(
  clients: AwsClients,
  resources: ProvisionedResources,
  logger: Logger,
): Promise<FinalState> {
  const { tableName, mainQueueUrl, deadLetterQueueUrl } = resources;
  const [items, main, dlq] = await Promise.all([
    scanTable(clients, tableName),
    readQueueDepth(clients, mainQueueUrl),
    readQueueDepth(clients, deadLetterQueueUrl),
  ]);
  const inDlq = dlq.visible + dlq.notVisible + dlq.delayed;
  const deadLetters = inDlq > 0 ? await peekDeadLetters(clients, deadLetterQueueUrl) : [];
  const { malformed, ...contents } = splitTable(items);
  if (malformed.length > 0) logger.warn({ malformed }, 'malformed_items_left_out');
  return {
    ...contents,
    deadLetters,
    mainQueueDepth: { visible: main.visible + main.delayed, notVisible: main.notVisible },
  };
}
