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
import type { MutantDefinition } from './mutant';
import { overrideMethods } from './override-methods';
import { racingClicksScenario } from './racing-clicks';

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
  return overrideMethods(store, {
    // A click that finds the lock already there is a duplicate too.
    getLock: (reference) => async (eventId, userId) => {
      const lock = await reference(eventId, userId);
      if (lock) await enqueueOrphan({ eventId, userId, eventType: 'FIRST_COME' });
      return lock;
    },
    createReceived: (reference) => async (request) => {
      const outcome = await reference(request);
      if (outcome.kind === 'duplicate') await enqueueOrphan(request);
      return outcome;
    },
  });
}

export const duplicateEnqueuesOrphan: MutantDefinition = {
  name: 'duplicate-enqueues-orphan',
  kind: 'ingest',
  description: 'a duplicate enqueues a message under a fresh requestId that has no request',
  expectedViolation: 'I5b',
  scenario: racingClicksScenario(
    (store, stage) => orphanOnDuplicateStore(store, stage.clients.sqs, stage.resources.mainQueueUrl),
    { capacity: 5, drainTimeoutMs: 30_000 },
  ),
};
