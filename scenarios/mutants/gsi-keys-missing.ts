/**
 * Mutant: the QUEUED transition writes status and queuedAt but not the index keys.
 *
 *   reference  SET status = QUEUED, queuedAt, GSI1PK, GSI1SK, GSI2PK, GSI2SK
 *   mutant     SET status = QUEUED, queuedAt
 *
 * The request is processed normally but never appears in GSI1 (/me/participations) or GSI2
 * (the operator's view). Scenario: two users participate, a worker drains, each user lists their
 * participations. Expected: I4 (index keys differ from the ones the key module builds), and the
 * access check finds the caller's own requests missing from /me/participations.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from '../../services/aws/clients';
import { readCancellation } from '../../services/aws/dynamo-errors';
import { DynamoRequestStore, type TransitionOutcome } from '../../services/aws/request-store';
import { type RequestItem, Status } from '../../services/common';
import type { IngestOverrides } from '../../services/ingest/server';
import type { MutantDefinition } from './mutant';
import { runOnStage } from './mutant-stage';
import { queuedWrites } from './request-writes';

export class QueuedWithoutIndexKeysStore extends DynamoRequestStore {
  override async markQueued(request: RequestItem, queuedAt: number): Promise<TransitionOutcome> {
    try {
      await this.clients.documents.send(
        new TransactWriteCommand({
          TransactItems: queuedWrites({
            tableName: this.tableName,
            request,
            queuedAt,
            fields: { queuedAt },
            condition: '#status = :received AND attribute_not_exists(queuedAt)',
            values: { ':received': Status.RECEIVED },
          }),
        }),
      );
      return { kind: 'done' };
    } catch (err) {
      if (readCancellation(err)?.codes[0] === 'ConditionalCheckFailed') return { kind: 'conflict' };
      throw err;
    }
  }
}

export function gsiKeysMissingIngest(clients: AwsClients, tableName: string): IngestOverrides {
  return { store: new QueuedWithoutIndexKeysStore(clients, tableName) };
}

export const gsiKeysMissing: MutantDefinition = {
  name: 'gsi-keys-missing',
  kind: 'ingest',
  description: 'GSI keys not set at the QUEUED transition: the request never appears in the lists',
  expectedViolation: 'I4',
  alsoViolates: ['I13'],
  scenario: (env, variant) =>
    runOnStage(env, { capacity: 5 }, async (stage) => {
      await stage.startIngest(
        variant === 'mutant' ? gsiKeysMissingIngest(stage.clients, stage.tableName) : {},
      );
      stage.startWorker();
      await Promise.all([stage.participate('user-1'), stage.participate('user-2')]);
    }),
};
