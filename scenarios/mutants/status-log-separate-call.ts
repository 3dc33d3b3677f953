/**
 * Mutant: the final status and its status log in two calls instead of one transaction.
 *
 *   reference  |-- TransactWriteItems: seat - 1, PROCESSING -> SUCCEEDED, log SUCCEEDED --|
 *   mutant     |-- TransactWriteItems: seat - 1, PROCESSING -> SUCCEEDED --| X kill |-- log --|
 *
 * A process killed between the calls leaves an item whose status its log never reached; the
 * redelivery finds the request final and deletes the message, so the log stays short for good.
 * The kill nemesis hits that window by chance; this scenario hits it every time with a crash
 * at the seam between the calls. Scenario (crash-between-calls.ts): 2 seats, 2 users; worker A
 * crashes between its two calls for the first request, worker B finishes the rest. Expected: I3
 * (the item's status is not the log's last entry).
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from '../../services/aws/clients';
import { finalChange, seatItem, transitionItems } from '../../services/aws/request-items';
import { Status } from '../../services/common';
import type { Checkpoint, WorkerStore } from '../../services/worker/ports';
import { crashBetweenCallsScenario } from './crash-between-calls';
import type { MutantDefinition } from './mutant';
import { overrideMethods } from './override-methods';

/** The reference's first-come finish, its log sent in a second call after `betweenCalls`. */
export function logInSeparateCallStore(
  store: WorkerStore,
  clients: AwsClients,
  tableName: string,
  betweenCalls: Checkpoint,
): WorkerStore {
  return overrideMethods(store, {
    finishFirstCome: (reference) => async (request, now) => {
      if (request.status !== Status.PROCESSING) return { kind: 'stale' };
      const [update, log] = transitionItems(
        tableName,
        request,
        Status.SUCCEEDED,
        now,
        finalChange('SUCCESS', now),
      );
      try {
        await clients.documents.send(
          new TransactWriteCommand({ TransactItems: [seatItem(tableName, request.eventId, now), update] }),
        );
      } catch {
        // A full or moved event: the reference path decides (REJECTED with its log, or stale).
        return reference(request, now);
      }
      await betweenCalls('after-capacity-transaction', request.requestId);
      await clients.documents.send(new TransactWriteCommand({ TransactItems: [log] }));
      return { kind: 'succeeded' };
    },
  });
}

export const statusLogSeparateCall: MutantDefinition = {
  name: 'status-log-separate-call',
  kind: 'worker',
  description: 'the final status and its status log are written in two calls; a kill between them parts them',
  expectedViolation: 'I3',
  scenario: crashBetweenCallsScenario(logInSeparateCallStore),
};
