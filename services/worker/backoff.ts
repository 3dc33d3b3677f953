import type { DeliveryBudget } from './delivery-budget';

/**
 * Visibility backoff for a retryable failure: exponential in the receive count, capped, with full
 * jitter so that a burst of throttled messages does not come back all at once.
 */
export function backoffSeconds(
  receiveCount: number,
  random: () => number = Math.random,
  capSeconds = 60,
): number {
  const ceiling = Math.min(capSeconds, 2 ** Math.max(0, receiveCount));
  return Math.max(1, Math.round(ceiling * random()));
}

/** Tries of a call inside one lease (the final transaction, a call before acquire). */
export const IN_LEASE_TRIES = 6;

/**
 * The pause before the next try inside the lease after `tried` tries, or undefined when the tries
 * ran out or the delivery has no time left for it: one rule for every in-lease retry.
 */
export function nextInLeasePause(
  tried: number,
  budget: DeliveryBudget,
  random: () => number = Math.random,
): number | undefined {
  const pause = inLeasePauseMs(tried - 1, random);
  const mayTryAgain = tried < IN_LEASE_TRIES && !budget.work.aborted && budget.remainingWorkMs() > pause;
  return mayTryAgain ? pause : undefined;
}

/**
 * Pause before the next try inside the lease (a throttle or a transaction conflict on the hot
 * capacity item): exponential from 50 ms, capped at 2 s, full jitter so that the messages of one
 * spike do not retry in step.
 */
export function inLeasePauseMs(retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(2_000, 50 * 2 ** Math.max(0, retry));
  return Math.round(ceiling * random());
}
