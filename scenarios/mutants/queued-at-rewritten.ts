/**
 * Mutant: the RECEIVED -> QUEUED write also accepts QUEUED ("enqueueing twice is harmless"), so
 * the duplicate path's heal rewrites queuedAt, the index keys, and logs a second QUEUED.
 *
 *   click 1  |-create-|-SendMessage-|------ slow QUEUED write ------|-QUEUED t1-|
 *   click 2       |-duplicate: still RECEIVED, heal-|-SendMessage-|---- slow ----|-QUEUED t2-| <- rewrite
 *
 * The reference writes only `#status = RECEIVED AND attribute_not_exists(queuedAt)`: the second
 * write is refused and queuedAt stays t1. Scenario: HEAL_AFTER_MS=0 and a QUEUED write that lands
 * 1 s after SendMessage (both variants); one user double-clicks 200 ms apart with the worker off,
 * then a worker drains. Expected: I4 (two QUEUED logs, queuedAt differing from the first one).
 */

import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from '../../services/aws/clients';
import { readCancellation } from '../../services/aws/dynamo-errors';
import { DynamoRequestStore, type TransitionOutcome } from '../../services/aws/request-store';
import { queuedIndexKeys, type RequestItem, Status } from '../../services/common';
import type { IngestOverrides } from '../../services/ingest/server';
import { delayQueuedWrite } from './faults';
import type { MutantDefinition } from './mutant';
import { runOnStage } from './mutant-stage';
import { queuedWrites } from './request-writes';

export class RequeueableQueuedWriteStore extends DynamoRequestStore {
  override async markQueued(request: RequestItem, queuedAt: number): Promise<TransitionOutcome> {
    try {
      await this.clients.documents.send(
        new TransactWriteCommand({
          TransactItems: queuedWrites({
            tableName: this.tableName,
            request,
            queuedAt,
            fields: { queuedAt, ...queuedIndexKeys({ ...request, queuedAt }) },
            condition: '#status IN (:received, :queued)',
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

export function queuedAtRewrittenIngest(clients: AwsClients, tableName: string): IngestOverrides {
  return { store: new RequeueableQueuedWriteStore(clients, tableName) };
}

export const queuedAtRewritten: MutantDefinition = {
  name: 'queued-at-rewritten',
  kind: 'ingest',
  description:
    'queuedAt rewritten on the duplicate path: the QUEUED write also accepts an already QUEUED request',
  expectedViolation: 'I4',
  scenario: (env, variant) =>
    runOnStage(env, { capacity: 5 }, async (stage) => {
      const store =
        variant === 'mutant'
          ? new RequeueableQueuedWriteStore(stage.clients, stage.tableName)
          : stage.referenceStore();
      await stage.startIngest({ store: delayQueuedWrite(store, 1_000) }, { HEAL_AFTER_MS: '0' });
      const first = stage.participate('user-1');
      await new Promise((resolve) => setTimeout(resolve, 200));
      await Promise.all([first, stage.participate('user-1')]);
      stage.startWorker();
    }),
};
