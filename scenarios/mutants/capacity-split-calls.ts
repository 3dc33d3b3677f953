/**
 * Mutant: the seat and the status in two separate calls instead of one transaction.
 *
 *   reference  |-- TransactWriteItems: seat - 1 AND PROCESSING -> SUCCEEDED --|
 *   mutant     |-- UpdateItem: seat - 1 --| X crash |-- PROCESSING -> SUCCEEDED --|
 *
 * A crash between the calls keeps the seat taken while the request stays PROCESSING; the
 * redelivery takes another seat for the same request, so one seat is lost for good.
 * Scenario (crash-between-calls.ts): 2 seats, 2 users; worker A (one message at a time) crashes
 * right after its capacity write for the first request; a correct worker B picks up both
 * messages after the visibility timeout. Expected: I1 (a user rejected, or capacityRemaining
 * short, while a seat should remain).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from '../../services/aws/clients';
import { isConditionalCheckFailure } from '../../services/aws/dynamo-errors';
import { seatItem } from '../../services/aws/request-items';
import { Status } from '../../services/common';
import { type Checkpoint, noCheckpoint, type WorkerStore } from '../../services/worker/ports';
import { crashBetweenCallsScenario } from './crash-between-calls';
import type { MutantDefinition } from './mutant';
import { overrideMethods } from './override-methods';

/**
 * The reference store whose first-come finish takes the seat in a call of its own, then finishes
 * the request through the reference's `finish`. `betweenCalls` is where a crash can be simulated.
 */
export function capacitySplitCallsStore(
  store: WorkerStore,
  clients: AwsClients,
  tableName: string,
  betweenCalls: Checkpoint = noCheckpoint,
): WorkerStore {
  return overrideMethods(store, {
    finishFirstCome: () => async (request, now) => {
      try {
        await clients.documents.send(new UpdateCommand(seatItem(tableName, request.eventId, now).Update));
      } catch (err) {
        if (!isConditionalCheckFailure(err)) throw err;
        const rejected = await store.finish(request, Status.REJECTED, 'REJECTED_CAPACITY', now);
        return rejected.kind === 'done' ? { kind: 'rejected' } : { kind: 'stale' };
      }
      await betweenCalls('after-capacity-transaction', request.requestId);
      const succeeded = await store.finish(request, Status.SUCCEEDED, 'SUCCESS', now);
      return succeeded.kind === 'done' ? { kind: 'succeeded' } : { kind: 'stale' };
    },
  });
}

export const capacitySplitCalls: MutantDefinition = {
  name: 'capacity-split-calls',
  kind: 'worker',
  description:
    'capacity decremented and status written in two separate calls; a crash between them loses a seat on redelivery',
  expectedViolation: 'I1',
  scenario: crashBetweenCallsScenario(capacitySplitCallsStore),
};
