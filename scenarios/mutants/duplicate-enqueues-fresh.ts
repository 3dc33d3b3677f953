/**
 * Mutant: the duplicate path treats a second click as the retry of a failed first one, writes the
 * request again under the fresh requestId it generated (without the lock, which still names the
 * first) and enqueues it.
 *
 *   click 1  |-lock + request R1-|-SendMessage R1-|-QUEUED-|-202 R1-|
 *   click 2  |-lock exists: duplicate-|-request R2 (no lock)-|-SendMessage R2-|-QUEUED-|-202 R2-|
 *
 * Scenario: two users each click three times at once (only clicks that race past the lock read
 * reach the create transaction). Expected: I2 (two requestIds answered to
 * one user, two requests for one pair while the lock names only one).
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from '../../services/aws/clients';
import { type CreateOutcome, DynamoRequestStore, type NewRequest } from '../../services/aws/request-store';
import type { IngestOverrides } from '../../services/ingest/server';
import { delayCreates } from './faults';
import { doubleClicks, RACE_WINDOW_MS, RACING_CLICKS_INGEST } from './lock-without-condition';
import type { MutantDefinition } from './mutant';
import { runOnStage } from './mutant-stage';
import { receivedWrites } from './request-writes';

export class FreshRequestOnDuplicateStore extends DynamoRequestStore {
  override async createReceived(request: NewRequest): Promise<CreateOutcome> {
    const outcome = await super.createReceived(request);
    if (outcome.kind === 'created') return outcome;
    const writes = receivedWrites(this.tableName, request);
    await this.clients.documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { ...writes.request, ConditionExpression: 'attribute_not_exists(PK)' } },
          writes.log,
        ],
      }),
    );
    return { kind: 'created' };
  }
}

export function duplicateEnqueuesFreshIngest(clients: AwsClients, tableName: string): IngestOverrides {
  return { store: new FreshRequestOnDuplicateStore(clients, tableName) };
}

export const duplicateEnqueuesFresh: MutantDefinition = {
  name: 'duplicate-enqueues-fresh',
  kind: 'ingest',
  description: 'the duplicate path enqueues again under a fresh requestId',
  expectedViolation: 'I2',
  scenario: (env, variant) =>
    runOnStage(env, { capacity: 5 }, async (stage) => {
      await stage.startIngest(
        {
          store: delayCreates(
            variant === 'mutant'
              ? new FreshRequestOnDuplicateStore(stage.clients, stage.tableName)
              : stage.referenceStore(),
            RACE_WINDOW_MS,
          ),
        },
        RACING_CLICKS_INGEST,
      );
      stage.startWorker();
      await doubleClicks(stage, ['user-1', 'user-2']);
    }),
};
