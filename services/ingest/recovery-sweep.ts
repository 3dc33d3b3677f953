/**
 * Heals requests left RECEIVED by an ingest that could not enqueue (queue down, process crashed
 * between steps 2 and 3). They are found through the outbox (a Query per shard, a page at a time:
 * never a Scan, never the whole set in memory). Requests older than `minAgeMs` are enqueued again
 * with bounded concurrency; one that still cannot be enqueued past `giveUpAfterMs` ends as
 * FAILED_FINAL / FAILED_INGEST_ENQUEUE, so every request ends somewhere. Even past the deadline
 * the sweep tries once more first: after an outage of the sweep itself, the queue may well be back.
 *
 *   requestedAt ---- minAgeMs ----> re-enqueue on every sweep ---- giveUpAfterMs ----> FAILED_FINAL
 *                                                                   (only if enqueue fails)
 *
 * An error on one request is counted and logged and never stops the others. The sweep's
 * FAILED_FINAL publishes no ParticipationProcessed: that event is the worker's record of
 * processing, and this request never reached the queue (spec section 4; I8 counts them apart).
 */
import type { Logger } from 'pino';
import { FailureClass, QueueUnavailableError, Status } from '../common';
import { forEachBounded } from './for-each-bounded';
import { enqueue, type ParticipateDeps } from './participate';
import type { OutboxCursor, OutboxEntry } from './ports';

export interface SweepOptions {
  readonly minAgeMs: number;
  readonly giveUpAfterMs: number;
  /** Requests healed at once; the queue and the table see at most this many extra calls. */
  readonly concurrency: number;
}

export interface SweepReport {
  readonly found: number;
  readonly requeued: number;
  readonly failed: number;
  readonly stillStuck: number;
  /** Outbox entries whose request had moved on already (removed now). */
  readonly alreadyMoved: number;
  /** Requests the sweep could not handle this time (an AWS error); the next sweep tries again. */
  readonly errors: number;
}

export async function runRecoverySweep(
  deps: Pick<ParticipateDeps, 'store' | 'queue' | 'clock'> & { readonly logger?: Logger },
  options: SweepOptions,
): Promise<SweepReport> {
  const now = deps.clock.now();
  const report = { found: 0, requeued: 0, failed: 0, stillStuck: 0, alreadyMoved: 0, errors: 0 };

  const heal = async (entry: OutboxEntry) => {
    const request = await deps.store.getRequest(entry.requestId);
    if (request?.status !== Status.RECEIVED) {
      await deps.store.dropOutboxEntry(entry);
      report.alreadyMoved++;
      return;
    }
    try {
      await enqueue(deps, request);
      report.requeued++;
      return;
    } catch (err) {
      if (!(err instanceof QueueUnavailableError)) throw err;
    }
    if (now - request.requestedAt < options.giveUpAfterMs) {
      report.stillStuck++;
      return;
    }
    const outcome = await deps.store.failStuckReceived(request, now, {
      failureClass: FailureClass.RETRYABLE,
      errorCode: 'INGEST_ENQUEUE_GAVE_UP',
      errorMessage: `not enqueued within ${options.giveUpAfterMs} ms`,
    });
    if (outcome.kind === 'done') report.failed++;
  };

  let cursor: OutboxCursor | undefined;
  do {
    const page = await deps.store.findStuckReceived(now - options.minAgeMs, cursor);
    report.found += page.entries.length;
    await forEachBounded(page.entries, options.concurrency, async (entry) => {
      try {
        await heal(entry);
      } catch (err) {
        report.errors++;
        deps.logger?.warn({ err, requestId: entry.requestId }, 'sweep_item_failed');
      }
    });
    cursor = page.next;
  } while (cursor);
  return report;
}
