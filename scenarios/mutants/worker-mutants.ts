/**
 * The bug zoo: deliberately broken variants of the reference worker, for proving that the harness
 * catches real bugs of this kind of system. They live outside services/ and reach the worker only
 * through its injection seam (WorkerOverrides.store), never through a flag in production code.
 * Each is the smallest change that reproduces the bug as it would be written by mistake.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from '../../services/aws/clients';
import { DynamoRequestStore, type FinishOutcome } from '../../services/aws/request-store';
import { capacityKey, type RequestItem, Status } from '../../services/common';

export const WORKER_MUTANTS = ['skip-capacity-condition'] as const;
export type WorkerMutant = (typeof WORKER_MUTANTS)[number];

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

export function isWorkerMutant(name: string | undefined): name is WorkerMutant {
  return (WORKER_MUTANTS as readonly string[]).includes(name ?? '');
}

export function createMutantStore(
  mutant: WorkerMutant,
  clients: AwsClients,
  tableName: string,
): DynamoRequestStore {
  switch (mutant) {
    case 'skip-capacity-condition':
      return new SkipCapacityConditionStore(clients, tableName);
  }
}
