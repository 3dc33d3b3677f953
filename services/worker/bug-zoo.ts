/**
 * Deliberately broken variants of the worker, for proving that the harness catches real bugs of
 * this kind of system (never enabled unless WORKER_BUG is set). Each is the smallest change that
 * reproduces the bug as it would be written by mistake.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from '../aws/clients';
import { DynamoRequestStore, type FinishOutcome } from '../aws/request-store';
import { capacityKey, type RequestItem, Status } from '../common';

export type WorkerBug = 'skip-capacity-condition';

/** Decrements the seat count without `capacityRemaining > 0`: seats are oversold under load. */
class SkipCapacityConditionStore extends DynamoRequestStore {
  override async finishFirstCome(request: RequestItem, now: number): Promise<FinishOutcome> {
    await this.clients.documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: capacityKey(request.eventId),
              UpdateExpression: 'SET capacityRemaining = capacityRemaining - :one, updatedAt = :now',
              ExpressionAttributeValues: { ':one': 1, ':now': now },
            },
          },
          ...this.finalWrites(request, Status.SUCCEEDED, 'SUCCESS', now),
        ],
      }),
    );
    return { kind: 'succeeded' };
  }
}

export function createBuggyStore(bug: WorkerBug, clients: AwsClients, tableName: string): DynamoRequestStore {
  switch (bug) {
    case 'skip-capacity-condition':
      return new SkipCapacityConditionStore(clients, tableName);
  }
}
