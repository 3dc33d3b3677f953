/**
 * An ingest process that runs a mutant from the bug zoo: `MUTANT=<name>` picks it. Everything else
 * is the reference ingest process, wired by the same code as services/ingest/main.ts.
 */
import type { AwsClients } from '../../services/aws/clients';
import { runIngestProcess } from '../../services/ingest/run-process';
import type { IngestOverrides } from '../../services/ingest/server';
import { duplicateEnqueuesFreshIngest } from './duplicate-enqueues-fresh';
import { gsiKeysMissingIngest } from './gsi-keys-missing';
import { lockWithoutConditionIngest } from './lock-without-condition';
import { meTrustsQueryUserIngest } from './me-trusts-query-user';
import { queuedAtRewrittenIngest } from './queued-at-rewritten';

const INGEST_MUTANTS: Record<string, (clients: AwsClients, tableName: string) => IngestOverrides> = {
  'queued-at-rewritten': queuedAtRewrittenIngest,
  'gsi-keys-missing': gsiKeysMissingIngest,
  'lock-without-condition': lockWithoutConditionIngest,
  'duplicate-enqueues-fresh': duplicateEnqueuesFreshIngest,
  'me-trusts-query-user': meTrustsQueryUserIngest,
};

const mutant = process.env.MUTANT;
const overrides = mutant === undefined ? undefined : INGEST_MUTANTS[mutant];
if (overrides === undefined) {
  console.error(
    `mutant ingest: MUTANT must be one of ${Object.keys(INGEST_MUTANTS).join(', ')}, got ${mutant ?? 'nothing'}`,
  );
  process.exit(2);
}
await runIngestProcess(process.env, (clients, config) => overrides(clients, config.TABLE_NAME));
