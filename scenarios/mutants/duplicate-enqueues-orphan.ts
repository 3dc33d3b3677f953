/**
 * Mutant: the duplicate path enqueues the click again under a fresh requestId, without writing a
 * request for it (a "retry" that re-runs only the send). The answer is still the first requestId,
 * so the client sees nothing wrong; the extra message names a request that does not exist.
 *
 *   click 1  |-lock + request R1-|-SendMessage R1-|-QUEUED-|-202 R1-|
 *   click 2  |-lock exists-|-SendMessage R2 (no request R2)-|-202 R1-|   R2 -> poison -> DLQ
 *
 * Scenario: two users each click twice. Expected: I5b (a dead letter names a requestId that has
 * no request: work nobody accounts for).
 */
import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { IngestStore } from '../../services/ingest/ports';
import { doubleClicks } from './lock-without-condition';
import type { MutantDefinition } from './mutant';
import { runOnStage } from './mutant-stage';

export function orphanOnDuplicateStore(store: IngestStore, sqs: SQSClient, queueUrl: string): IngestStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'getLock') return Reflect.get(target, property, receiver);
      return async (...[eventId, userId]: Parameters<IngestStore['getLock']>) => {
        const lock = await target.getLock(eventId, userId);
        if (lock) {
          const message = {
            schemaVersion: 1,
            requestId: randomUUID(),
            eventId,
            userId,
            eventType: 'FIRST_COME',
            requestedAt: Date.now(),
          };
          await sqs.send(
            new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }),
          );
        }
        return lock;
      };
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
      const store = stage.referenceStore();
      await stage.startIngest({
        store:
          variant === 'mutant'
            ? orphanOnDuplicateStore(store, stage.clients.sqs, stage.resources.mainQueueUrl)
            : store,
      });
      stage.startWorker();
      await doubleClicks(stage, ['user-1', 'user-2']);
    }),
};
