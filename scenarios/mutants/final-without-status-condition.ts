/**
 * Mutant: the final update keeps only an existence check instead of its status condition.
 *
 *   reference  condition  #status = PROCESSING AND attempt = mine
 *   mutant     condition  attribute_exists(PK)
 *
 *   attempt 1  |-acquire-|~~~~~~~~~~~~~~ paused past its lease ~~~~~~~~~~~~~~|-finish: REJECTED-| <- overwrite
 *   attempt 2                 |-redelivered, takes over-|-SUCCEEDED, last seat-|
 *
 * Scenario: 1 seat, 1 user; the first attempt pauses after acquiring until another attempt has
 * finished the request (both variants). With the seat gone, the stale attempt's REJECTED
 * overwrites SUCCEEDED. The mutant's calls carry no deadline either (the reference cuts one from
 * the lease, which would abort the stale write before it is sent): it stands for a call sent in
 * time and applied late, which only the status condition can fence. Expected: I3 (SUCCEEDED -> REJECTED in the log; a final status observed
 * to change).
 */
import type { AwsClients } from '../../services/aws/clients';
import { DynamoRequestStore } from '../../services/aws/request-store';
import type { WorkerStore } from '../../services/worker/ports';
import { pauseOnce } from './faults';
import type { MutantDefinition } from './mutant';
import { stageScenario } from './mutant-stage';
import { overrideMethods } from './override-methods';
import { rewritingTransactions, type TransactItem } from './request-writes';

/** A final update (it writes finishedAt) that keeps only an existence check as its condition. */
function withoutStatusCondition(item: TransactItem): TransactItem {
  const update = item.Update;
  if (!update?.ExpressionAttributeNames || !('#finishedAt' in update.ExpressionAttributeNames)) return item;
  const { ':from': _from, ':seenAttempt': _attempt, ...values } = update.ExpressionAttributeValues ?? {};
  return {
    Update: { ...update, ConditionExpression: 'attribute_exists(PK)', ExpressionAttributeValues: values },
  };
}

/** The reference store on a client that drops the final updates' conditions; its finishes carry no deadline. */
export function unconditionalFinalStore(clients: AwsClients, tableName: string): WorkerStore {
  const store = new DynamoRequestStore(rewritingTransactions(clients, withoutStatusCondition), tableName);
  return overrideMethods<WorkerStore>(store, {
    finish: (reference) => (request, to, resultCode, now, failure) =>
      reference(request, to, resultCode, now, failure, {}),
    finishFirstCome: (reference) => (request, now) => reference(request, now, {}),
  });
}

export const finalWithoutStatusCondition: MutantDefinition = {
  name: 'final-without-status-condition',
  kind: 'worker',
  description: 'final update without its status condition: a stale attempt overwrites a final status',
  expectedViolation: 'I3',
  scenario: stageScenario({ capacity: 1 }, async (stage, variant) => {
    await stage.startIngest();
    // A pause longer than the lease: it ends once the redelivery has finished the request.
    const pause = pauseOnce('after-acquire', async (requestId) => {
      await stage.waitForFinal(requestId);
      await stage.observe();
    });
    stage.startWorker({
      checkpoint: pause,
      ...(variant === 'mutant' ? { store: unconditionalFinalStore(stage.clients, stage.tableName) } : {}),
    });
    await stage.participate('user-1');
  }),
};
