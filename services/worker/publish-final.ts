import { type RequestItem, ResultCode } from '../common';
import type { HandleOutcome, HandlerDeps } from './handle-outcome';

/** Publishing never fails the message: the status is already final and the delete must follow. */
export async function publishFinal(
  deps: Pick<HandlerDeps, 'publisher' | 'logger'>,
  item: RequestItem,
  isDlq = false,
  abortSignal?: AbortSignal,
): Promise<void> {
  const { leaseExpiresAt: _lease, lastFailure: _last, deadLettered: _dlq, ...final } = item;
  try {
    await deps.publisher.published(final, { isDlq, ...(abortSignal ? { abortSignal } : {}) });
  } catch (err) {
    deps.logger.warn({ err, requestId: item.requestId }, 'publish_failed');
  }
}

/**
 * The answer for a delivery whose request is already final: publish its event again (the attempt
 * that finished it may have died before publishing; analytics counts redelivery duplicates), so
 * that every final request has its event at least once, then delete the message. The sweep's
 * FAILED_INGEST_ENQUEUE is no worker outcome and is never published.
 */
export async function answerAlreadyFinal(
  deps: Pick<HandlerDeps, 'publisher' | 'logger'>,
  item: RequestItem,
  abortSignal: AbortSignal,
): Promise<HandleOutcome> {
  if (item.resultCode !== ResultCode.FAILED_INGEST_ENQUEUE) {
    await publishFinal(deps, item, item.deadLettered === true, abortSignal);
  }
  return { action: 'delete', reason: 'already-final' };
}
