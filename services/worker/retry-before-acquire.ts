/**
 * A transient failure before the request is ours (a throttled read, an acquire cancelled by a
 * TransactionConflict) changed nothing, so the call is simply tried again inside this delivery,
 * with the in-lease pauses. Leaving it to SQS would spend a receive on every such failure, and
 * three spent receives dead-letter a healthy request (invariant 12).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { FailureClass } from '../common';
import { nextInLeasePause } from './backoff';
import { classifyFailure } from './classify-error';
import type { DeliveryBudget } from './delivery-budget';
import type { HandlerDeps } from './handle-outcome';

export async function retryBeforeAcquire<T>(
  deps: Pick<HandlerDeps, 'random' | 'logger'>,
  budget: DeliveryBudget,
  what: string,
  call: () => Promise<T>,
): Promise<T> {
  for (let tried = 1; ; tried++) {
    try {
      return await call();
    } catch (err) {
      const failure = classifyFailure(err);
      const pause =
        failure.failureClass === FailureClass.RETRYABLE
          ? nextInLeasePause(tried, budget, deps.random)
          : undefined;
      if (pause === undefined) throw err;
      deps.logger.debug({ what, tried, ...failure }, 'retry_before_acquire');
      await sleep(pause);
    }
  }
}
