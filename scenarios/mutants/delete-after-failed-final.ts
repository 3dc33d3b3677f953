/**
 * Mutant: the worker acknowledges every delivery, as if the delete sat in a `finally`, so the
 * message is deleted even when the final update failed.
 *
 *   |-acquire: PROCESSING-|-final update: throttled-|-delete-|   the request stays PROCESSING,
 *                                                               and nothing will ever retry it
 *
 * The reference retries inside its lease, then gives the delivery back with a backoff; the
 * redelivery takes over. Scenario: the first final updates are throttled more often than the
 * worker retries inside a lease (both variants); two users participate.
 * Expected: I5 (a request not final after the drain, and no dead letter for it).
 */
import { IN_LEASE_TRIES } from '../../services/worker/backoff';
import { throttleFirstFinishes } from './faults';
import type { MutantDefinition } from './mutant';
import { stageScenario } from './mutant-stage';
import { misreadingHandler } from './reference-handler';

/** The reference handler whose every outcome becomes a delete. */
export const deleteAfterFailedFinalHandler = misreadingHandler((outcome) =>
  outcome.action === 'retry' || outcome.action === 'leave' ? { action: 'delete', reason: 'failed' } : outcome,
);

export const deleteAfterFailedFinal: MutantDefinition = {
  name: 'delete-after-failed-final',
  kind: 'worker',
  description: 'the message is deleted even when the final update failed: the request stays PROCESSING',
  expectedViolation: 'I5',
  scenario: stageScenario({ capacity: 5, drainTimeoutMs: 10_000 }, async (stage, variant) => {
    await stage.startIngest();
    stage.startWorker({
      store: throttleFirstFinishes(stage.referenceStore(), IN_LEASE_TRIES),
      ...(variant === 'mutant' ? { handler: deleteAfterFailedFinalHandler } : {}),
    });
    await stage.participate('user-1');
    await stage.participate('user-2');
  }),
};
