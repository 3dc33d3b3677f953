/**
 * Mutant: the idempotency lock is written without its condition.
 *
 *   reference  Put lock  condition attribute_not_exists(PK)   a second click becomes a duplicate
 *   mutant     Put lock  (none)                                a second click overwrites the lock
 *
 * Every click that finds no lock creates a request of its own, and the lock ends up naming the
 * last one. Scenario: two users each click three times at once (a read of the lock comes first,
 * so only clicks that race past it reach the write). Expected: I2 (two requestIds answered to one user,
 * two requests for one (eventId, userId) pair).
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from '../../services/aws/clients';
import { type CreateOutcome, DynamoRequestStore, type NewRequest } from '../../services/aws/request-store';
import type { IngestOverrides } from '../../services/ingest/server';
import { delayCreates } from './faults';
import type { MutantDefinition } from './mutant';
import { type MutantStage, runOnStage } from './mutant-stage';
import { receivedWrites } from './request-writes';

export class UnconditionalLockStore extends DynamoRequestStore {
  override async createReceived(request: NewRequest): Promise<CreateOutcome> {
    const writes = receivedWrites(this.tableName, request);
    await this.clients.documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: writes.lock },
          { Put: { ...writes.request, ConditionExpression: 'attribute_not_exists(PK)' } },
          writes.log,
        ],
      }),
    );
    return { kind: 'created' };
  }
}

export function lockWithoutConditionIngest(clients: AwsClients, tableName: string): IngestOverrides {
  return { store: new UnconditionalLockStore(clients, tableName) };
}

/**
 * Ingest configuration for racing clicks: a duplicate of a young RECEIVED request heals it itself
 * (HEAL_AFTER_MS=0) instead of answering at once. With the default 1 s, the reference answers
 * such a duplicate 202 before the first click's QUEUED write, which I11 reports (a finding about
 * the reference services, open in the closing note); these scenarios are about the lock.
 */
export const RACING_CLICKS_INGEST = { HEAL_AFTER_MS: '0' } as const;

/** How long each create waits (delayCreates), so that racing clicks all read the lock first. */
export const RACE_WINDOW_MS = 150;

/**
 * Each user clicks three times at once and once more 100 ms later. Ingest reads the lock before
 * it writes one: only clicks that race past that read reach the create transaction, where a
 * broken lock condition shows; the late click takes the read path.
 */
export async function doubleClicks(stage: MutantStage, users: readonly string[]): Promise<void> {
  await Promise.all(
    users.map(async (user) => {
      const racing = [stage.participate(user), stage.participate(user), stage.participate(user)];
      await new Promise((resolve) => setTimeout(resolve, 100));
      await Promise.all([...racing, stage.participate(user)]);
    }),
  );
}

export const lockWithoutCondition: MutantDefinition = {
  name: 'lock-without-condition',
  kind: 'ingest',
  description: 'idempotency lock written without its condition: two requestIds for one user',
  expectedViolation: 'I2',
  scenario: (env, variant) =>
    runOnStage(env, { capacity: 5 }, async (stage) => {
      await stage.startIngest(
        {
          store: delayCreates(
            variant === 'mutant'
              ? new UnconditionalLockStore(stage.clients, stage.tableName)
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
