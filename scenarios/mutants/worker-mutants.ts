/**
 * The bug zoo: deliberately broken variants of the reference worker, for proving that the harness
 * catches real bugs of this kind of system. They live outside services/ and reach the worker only
 * through its injection seam (WorkerOverrides.store), never through a flag in production code.
 * Each is the smallest change that reproduces the bug as it would be written by mistake.
 */
import type { AwsClients } from '../../services/aws/clients';
import { DynamoRequestStore } from '../../services/aws/request-store';
import type { WorkerStore } from '../../services/worker/ports';
import { rewritingTransactions, type TransactItem } from './request-writes';

export const WORKER_MUTANTS = ['skip-capacity-condition'] as const;
export type WorkerMutant = (typeof WORKER_MUTANTS)[number];

/** The seat's update without `capacityRemaining > 0`: seats are oversold under load. */
function withoutSeatCondition(item: TransactItem): TransactItem {
  const update = item.Update;
  if (update?.ConditionExpression !== 'capacityRemaining > :zero') return item;
  const {
    ConditionExpression: _,
    ExpressionAttributeValues: { ':zero': __, ...values } = {},
    ...rest
  } = update;
  return { Update: { ...rest, ExpressionAttributeValues: values } };
}

export function isWorkerMutant(name: string | undefined): name is WorkerMutant {
  return (WORKER_MUTANTS as readonly string[]).includes(name ?? '');
}

export function createMutantStore(mutant: WorkerMutant, clients: AwsClients, tableName: string): WorkerStore {
  switch (mutant) {
    case 'skip-capacity-condition':
      return new DynamoRequestStore(rewritingTransactions(clients, withoutSeatCondition), tableName);
  }
}
