import type { RequestItem } from '../common';
import type { HandlerDeps } from './handle-outcome';

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
