/**
 * Mutant: the seat and the status in two separate calls instead of one transaction.
 *
 *   reference  |-- TransactWriteItems: seat - 1 AND PROCESSING -> SUCCEEDED --|
 *   mutant     |-- UpdateItem: seat - 1 --| X crash |-- PROCESSING -> SUCCEEDED --|
 *
 * A crash between the calls keeps the seat taken while the request stays PROCESSING; the
 * redelivery takes another seat for the same request, so one seat is lost for good.
 * Scenario: 2 seats, 2 users; worker A (one message at a time) crashes right after its capacity
 * write for the first request; a correct worker B picks up both messages after the visibility
 * timeout. Expected: I1 (a user rejected, or capacityRemaining short, while a seat should remain).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from '../../services/aws/clients';
import { isConditionalCheckFailure } from '../../services/aws/dynamo-errors';
import { seatItem } from '../../services/aws/request-items';
import { Status } from '../../services/common';
import { type Checkpoint, noCheckpoint, type WorkerStore } from '../../services/worker/ports';
import { crashOnce } from './faults';
import type { MutantDefinition } from './mutant';
import { stageScenario } from './mutant-stage';
import { overrideMethods } from './override-methods';
import { within } from './within';

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
  scenario: stageScenario({ capacity: 2 }, async (stage, variant) => {
    await stage.startIngest();
    // The same crash point for both: right after the capacity write(s), before anything else.
    const crash = crashOnce('after-capacity-transaction');
    const workerA = stage.startWorker(
      {
        checkpoint: crash,
        ...(variant === 'mutant'
          ? {
              store: capacitySplitCallsStore(stage.referenceStore(), stage.clients, stage.tableName, crash),
            }
          : {}),
      },
      { CONCURRENCY: '1' },
    );
    await stage.participate('user-1');
    await stage.participate('user-2');
    await within(workerA.main.done, 15_000, 'worker A to crash');
    stage.startWorker();
  }),
};
