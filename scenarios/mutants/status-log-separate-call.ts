/**
 * Mutant: the final status and its status log in two calls instead of one transaction.
 *
 *   reference  |-- TransactWriteItems: seat - 1, PROCESSING -> SUCCEEDED, log SUCCEEDED --|
 *   mutant     |-- TransactWriteItems: seat - 1, PROCESSING -> SUCCEEDED --| X kill |-- log --|
 *
 * A process killed between the calls leaves an item whose status its log never reached; the
 * redelivery finds the request final and deletes the message, so the log stays short for good.
 * The kill nemesis hits that window by chance; this scenario hits it every time with a crash
 * at the seam between the calls. Scenario: 2 seats, 2 users; worker A crashes between its two
 * calls for the first request, worker B finishes the rest. Expected: I3 (the item's status is
 * not the log's last entry).
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from '../../services/aws/clients';
import { statusLogPut } from '../../services/aws/status-log';
import { capacityKey, type RequestItem, requestKey, Status } from '../../services/common';
import type { Checkpoint, FinishOutcome, WorkerStore } from '../../services/worker/ports';
import { crashOnce } from './faults';
import type { MutantDefinition } from './mutant';
import { runOnStage, within } from './mutant-stage';

export function logInSeparateCallStore(
  store: WorkerStore,
  clients: AwsClients,
  tableName: string,
  betweenCalls: Checkpoint,
): WorkerStore {
  const finishFirstCome = async (request: RequestItem, now: number): Promise<FinishOutcome> => {
    if (request.status !== Status.PROCESSING) return { kind: 'stale' };
    try {
      await clients.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName,
                Key: capacityKey(request.eventId),
                UpdateExpression: 'SET capacityRemaining = capacityRemaining - :one, updatedAt = :now',
                ConditionExpression: 'capacityRemaining > :zero',
                ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':now': now },
              },
            },
            {
              Update: {
                TableName: tableName,
                Key: requestKey(request.requestId),
                UpdateExpression: 'SET #status = :to, resultCode = :code, finishedAt = :now',
                ConditionExpression: '#status = :processing AND attempt = :mine',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':to': Status.SUCCEEDED,
                  ':code': 'SUCCESS',
                  ':now': now,
                  ':processing': Status.PROCESSING,
                  ':mine': request.attempt,
                },
              },
            },
          ],
        }),
      );
    } catch {
      // A full or moved event: the reference path decides (REJECTED with its log, or stale).
      return store.finishFirstCome(request, now);
    }
    await betweenCalls('after-capacity-transaction', request.requestId);
    await clients.documents.send(
      new TransactWriteCommand({
        TransactItems: [
          statusLogPut({
            tableName,
            requestId: request.requestId,
            fromStatus: Status.PROCESSING,
            toStatus: Status.SUCCEEDED,
            occurredAt: now,
            attempt: request.attempt,
          }),
        ],
      }),
    );
    return { kind: 'succeeded' };
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      return property === 'finishFirstCome' ? finishFirstCome : Reflect.get(target, property, receiver);
    },
  });
}

export const statusLogSeparateCall: MutantDefinition = {
  name: 'status-log-separate-call',
  kind: 'worker',
  description: 'the final status and its status log are written in two calls; a kill between them parts them',
  expectedViolation: 'I3',
  scenario: (env, variant) =>
    runOnStage(env, { capacity: 2 }, async (stage) => {
      await stage.startIngest();
      const crash = crashOnce('after-capacity-transaction');
      const store = stage.referenceStore();
      const workerA = stage.startWorker(
        {
          checkpoint: crash,
          ...(variant === 'mutant'
            ? { store: logInSeparateCallStore(store, stage.clients, stage.tableName, crash) }
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
