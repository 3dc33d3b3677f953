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
