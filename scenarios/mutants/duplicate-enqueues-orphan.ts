/**
 * Mutant: a duplicate click (one that finds the lock, or loses the create race to another
 * click) enqueues anyway, under a fresh requestId it never wrote (a "retry" that re-runs only the
 * send). The answer is
 * still the first requestId, so the client sees nothing wrong; the extra message names a request
 * that does not exist.
 *
 *   click 1  |-no lock-|-lock + request R1-|-SendMessage R1-|-QUEUED-|-202 R1-|
 *   click 2  |-no lock-|-create: duplicate of R1-|-SendMessage R2 (no request R2)-|-202 R1-|
 *                                                   R2 -> poison -> DLQ
 *
 * Scenario: two users each click three times at once. Expected: I5b (a dead letter names a requestId that has
 * no request: work nobody accounts for).
 */
import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { IngestStore } from '../../services/ingest/ports';
import { delayCreates } from './faults';
import { doubleClicks, RACE_WINDOW_MS, RACING_CLICKS_INGEST } from './lock-without-condition';
import type { MutantDefinition } from './mutant';
import { runOnStage } from './mutant-stage';

export function orphanOnDuplicateStore(store: IngestStore, sqs: SQSClient, queueUrl: string): IngestStore {
  // The "retry": the send again, under a requestId this click generated and never wrote.
  const enqueueOrphan = async (click: { eventId: string; userId: string; eventType: string }) => {
    const body = JSON.stringify({
      schemaVersion: 1,
      requestId: randomUUID(),
      ...click,
      requestedAt: Date.now(),
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'getLock') {
        // A click that finds the lock already there is a duplicate too.
        return async (...[eventId, userId]: Parameters<IngestStore['getLock']>) => {
          const lock = await target.getLock(eventId, userId);
          if (lock) await enqueueOrphan({ eventId, userId, eventType: 'FIRST_COME' });
          return lock;
        };
      }
      if (property === 'createReceived') {
        return async (...[request]: Parameters<IngestStore['createReceived']>) => {
          const outcome = await target.createReceived(request);
          if (outcome.kind === 'duplicate') await enqueueOrphan(request);
          return outcome;
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

export const duplicateEnqueuesOrphan: MutantDefinition = {
  name: 'duplicate-enqueues-orphan',
  kind: 'ingest',
  description: 'a duplicate enqueues a message under a fresh requestId that has no request',
  expectedViolation: 'I5b',
  scenario: (env, variant) =>
    runOnStage(env, { capacity: 5, drainTimeoutMs: 30_000 }, async (stage) => {
      const store = delayCreates(stage.referenceStore(), RACE_WINDOW_MS);
      await stage.startIngest(
        {
          store:
            variant === 'mutant'
              ? orphanOnDuplicateStore(store, stage.clients.sqs, stage.resources.mainQueueUrl)
              : store,
        },
        RACING_CLICKS_INGEST,
      );
      stage.startWorker();
      await doubleClicks(stage, ['user-1', 'user-2']);
    }),
};
