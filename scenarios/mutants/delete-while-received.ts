/**
 * Mutant: the worker acknowledges a message whose request is still RECEIVED.
 *
 *   ingest  |-create-|-SendMessage-|---- slow QUEUED write ----|-QUEUED-|
 *   worker              |-receive: RECEIVED -> delete-|
 *                                      the request is QUEUED with no message left: stranded
 *
 * The reference re-sends such a message delayed and processes it once QUEUED. Scenario: the
 * QUEUED write lands 2.5 s after SendMessage (for both variants); two users participate while a
 * worker runs. Expected: I5 (requests not final after the drain, and no dead letter for them).
 */
import { delayQueuedWrite } from './faults';
import type { MutantDefinition } from './mutant';
import { stageScenario } from './mutant-stage';
import { misreadingHandler } from './reference-handler';

/** The reference handler, except that "not QUEUED yet" is taken for "nothing to do". */
export const deleteWhileReceivedHandler = misreadingHandler((outcome) =>
  outcome.action === 'requeue' && outcome.reason === 'NOT_YET_QUEUED'
    ? { action: 'delete', reason: 'already-final' }
    : outcome,
);

export const deleteWhileReceived: MutantDefinition = {
  name: 'delete-while-received',
  kind: 'worker',
  description: 'the worker deletes a message whose request is still RECEIVED: the request is stranded',
  expectedViolation: 'I5',
  scenario: stageScenario({ capacity: 5, drainTimeoutMs: 10_000 }, async (stage, variant) => {
    await stage.startIngest({ store: delayQueuedWrite(stage.referenceStore(), 2_500) });
    stage.startWorker(variant === 'mutant' ? { handler: deleteWhileReceivedHandler } : {});
    await Promise.all([stage.participate('user-1'), stage.participate('user-2')]);
  }),
};
