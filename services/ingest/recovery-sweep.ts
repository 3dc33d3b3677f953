/**
 * Heals requests left RECEIVED by an ingest that could not enqueue (queue down, process crashed
 * between steps 2 and 3). Requests older than `minAgeMs` are enqueued again; one that still cannot
 * be enqueued past `giveUpAfterMs` ends as FAILED_FINAL / FAILED_INGEST_ENQUEUE, so every request
 * ends somewhere. Even past the deadline the sweep tries once more first: after an outage of the
 * sweep itself, the queue may well be back.
 *
 *   requestedAt ---- minAgeMs ----> re-enqueue on every sweep ---- giveUpAfterMs ----> FAILED_FINAL
 *                                                                   (only if enqueue fails)
 */
import { FailureClass, QueueUnavailableError } from '../common';
import { enqueue, type ParticipateDeps } from './participate';

export interface SweepOptions {
  readonly minAgeMs: number;
  readonly giveUpAfterMs: number;
}

export interface SweepReport {
  readonly found: number;
  readonly requeued: number;
  readonly failed: number;
  readonly stillStuck: number;
}

export async function runRecoverySweep(
  deps: Pick<ParticipateDeps, 'store' | 'queue' | 'clock'>,
  options: SweepOptions,
): Promise<SweepReport> {
  const now = deps.clock.now();
  const stuck = await deps.store.findStuckReceived(now - options.minAgeMs);
  let requeued = 0;
  let failed = 0;
  let stillStuck = 0;
  for (const request of stuck) {
    try {
      await enqueue(deps, request);
      requeued++;
    } catch (err) {
      if (!(err instanceof QueueUnavailableError)) throw err;
      if (now - request.requestedAt < options.giveUpAfterMs) {
        stillStuck++;
        continue;
      }
      const outcome = await deps.store.failStuckReceived(request, now, {
        failureClass: FailureClass.RETRYABLE,
        errorCode: 'INGEST_ENQUEUE_GAVE_UP',
        errorMessage: `not enqueued within ${options.giveUpAfterMs} ms`,
      });
      if (outcome.kind === 'done') failed++;
    }
  }
  return { found: stuck.length, requeued, failed, stillStuck };
}
