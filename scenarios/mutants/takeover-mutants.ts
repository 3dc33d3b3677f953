/**
 * Three mutants of the lease takeover (spec section 1: PROCESSING -> PROCESSING once the earlier
 * attempt's lease has expired; attempt goes up, startedAt keeps its first value), each a wrapper
 * of the reference store, and the scenario that exposes them all:
 *
 *   worker A  |-acquire (attempt 1)-X crash
 *   worker B                          ... lease over ... |-take over (attempt 2)-|-seat-|-SUCCEEDED-|
 *
 *   no-lease-takeover          B refuses to take over: the request can only be dead-lettered (I12)
 *   takeover-keeps-attempt     B takes over without raising attempt: A could still finish (I14)
 *   takeover-resets-started-at B's takeover writes startedAt again: queue delay shrinks (I14)
 */
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from '../../services/aws/clients';
import { transitionItems } from '../../services/aws/request-items';
import { type RequestItem, requestKey, Status } from '../../services/common';
import type { WorkerStore } from '../../services/worker/ports';
import { crashOnce } from './faults';
import type { MutantDefinition } from './mutant';
import { type MutantStage, stageScenario } from './mutant-stage';
import { overrideMethods } from './override-methods';
import { within } from './within';

type StoreWrapper = (store: WorkerStore, clients: AwsClients, tableName: string) => WorkerStore;

const isTakeover = (request: RequestItem) => request.status === Status.PROCESSING;

/** Refuses every takeover as if someone else held the request: only the DLQ can end it. */
export const refuseTakeovers: StoreWrapper = (store) =>
  overrideMethods(store, {
    acquire:
      (inner) =>
      async (request, ...rest) =>
        isTakeover(request) ? { kind: 'conflict' } : inner(request, ...rest),
  });

/**
 * Takes over with the attempt it found: the item and its log keep attempt n. Its own finish then
 * names attempt n too (else its condition would fail), so the request still ends.
 */
export const takeOverWithoutRaisingAttempt: StoreWrapper = (store, clients, tableName) => {
  const keptAttempt = new Set<string>();
  const asStored = (request: RequestItem) =>
    keptAttempt.has(request.requestId) ? { ...request, attempt: request.attempt - 1 } : request;
  return overrideMethods(store, {
    acquire: (inner) => async (request, now, leaseMs, workerId, options) => {
      if (!isTakeover(request)) return inner(request, now, leaseMs, workerId, options);
      // The reference's takeover items, minus `attempt = attempt + 1`; the log keeps attempt n too.
      const items = transitionItems(tableName, request, Status.PROCESSING, now, {
        set: { leaseExpiresAt: now + leaseMs, workerId },
        condition: '#status = :from AND attempt = :seenAttempt AND leaseExpiresAt < :now',
        values: { ':now': now },
      });
      try {
        await clients.documents.send(new TransactWriteCommand({ TransactItems: [...items] }));
      } catch {
        return { kind: 'conflict' };
      }
      keptAttempt.add(request.requestId);
      return { kind: 'done' };
    },
    finishFirstCome:
      (inner) =>
      (request, ...rest) =>
        inner(asStored(request), ...rest),
    finish:
      (inner) =>
      (request, ...rest) =>
        inner(asStored(request), ...rest),
  });
};

/** Takes over correctly, then writes startedAt again as if the work had only begun now. */
export const resetStartedAtOnTakeover: StoreWrapper = (store, clients, tableName) =>
  overrideMethods(store, {
    acquire:
      (inner) =>
      async (request, now, ...rest) => {
        const outcome = await inner(request, now, ...rest);
        if (outcome.kind === 'done' && isTakeover(request)) {
          await clients.documents.send(
            new UpdateCommand({
              TableName: tableName,
              Key: requestKey(request.requestId),
              UpdateExpression: 'SET startedAt = :now',
              ExpressionAttributeValues: { ':now': now },
            }),
          );
        }
        return outcome;
      },
  });

/** The crash-then-takeover scenario, with worker B's store wrapped for the mutant. */
async function crashThenTakeOver(stage: MutantStage, wrap: StoreWrapper | undefined): Promise<void> {
  await stage.startIngest();
  const workerA = stage.startWorker({ checkpoint: crashOnce('after-acquire') }, { CONCURRENCY: '1' });
  await stage.participate('user-1');
  await within(workerA.main.done, 15_000, 'worker A to crash after acquiring');
  const store = stage.referenceStore();
  stage.startWorker(wrap ? { store: wrap(store, stage.clients, stage.tableName) } : { store });
}

function takeoverMutant(
  name: string,
  description: string,
  expectedViolation: 'I12' | 'I14',
  wrap: StoreWrapper,
): MutantDefinition {
  return {
    name,
    kind: 'worker',
    description,
    expectedViolation,
    scenario: stageScenario({ capacity: 2, drainTimeoutMs: 40_000 }, (stage, variant) =>
      crashThenTakeOver(stage, variant === 'mutant' ? wrap : undefined),
    ),
  };
}

export const noLeaseTakeover = takeoverMutant(
  'no-lease-takeover',
  'lease takeover removed: a request whose worker crashed can only be dead-lettered',
  'I12',
  refuseTakeovers,
);
export const takeoverKeepsAttempt = takeoverMutant(
  'takeover-keeps-attempt',
  'a takeover that does not raise attempt (the crashed attempt could still finish)',
  'I14',
  takeOverWithoutRaisingAttempt,
);
export const takeoverResetsStartedAt = takeoverMutant(
  'takeover-resets-started-at',
  'a takeover that writes startedAt again',
  'I14',
  resetStartedAtOnTakeover,
);
