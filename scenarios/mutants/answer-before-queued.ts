/**
 * Mutant: ingest answers 202 while the QUEUED write still runs (fire-and-forget after the send),
 * a common way to shave latency off the answer.
 *
 *   reference  |-create-|-SendMessage-|-QUEUED (queuedAt)-|-202-|
 *   mutant     |-create-|-SendMessage-|-202-| ...... |-QUEUED (queuedAt)-|
 *
 * A client then holds a requestId the table does not yet show as accepted; if ingest dies in
 * between, the request stays RECEIVED although the client was told it was taken.
 * Scenario: three users participate with a worker running. Expected: I11 (queuedAt after the 202).
 */
import type { IngestStore } from '../../services/ingest/ports';
import type { MutantDefinition } from './mutant';
import { stageScenario } from './mutant-stage';
import { overrideMethods } from './override-methods';

const QUEUED_WRITE_LAG_MS = 60;

export function answerBeforeQueuedStore(store: IngestStore): IngestStore {
  return overrideMethods(store, {
    markQueued: (reference) => async (request) => {
      // The write happens later, with the time it really happens, and nobody waits for it.
      setTimeout(() => void reference(request, Date.now()).catch(() => {}), QUEUED_WRITE_LAG_MS);
      return { kind: 'done' };
    },
  });
}

export const answerBeforeQueued: MutantDefinition = {
  name: 'answer-before-queued',
  kind: 'ingest',
  description: 'ingest answers 202 before its QUEUED write has happened (fire-and-forget)',
  expectedViolation: 'I11',
  scenario: stageScenario({ capacity: 5 }, async (stage, variant) => {
    const store = stage.referenceStore();
    await stage.startIngest(variant === 'mutant' ? { store: answerBeforeQueuedStore(store) } : { store });
    stage.startWorker();
    for (const user of ['user-1', 'user-2', 'user-3']) await stage.participate(user);
  }),
};
