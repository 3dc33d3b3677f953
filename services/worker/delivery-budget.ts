/**
 * The time one delivery may spend, cut from the lease. Every AWS call of the delivery carries one
 * of its signals, so no call outlives the lease, and with it the visibility timeout:
 *
 *   receive  handle-start  acquire
 *   |--------|-------------|------------------ lease ------------------|
 *            |---------- work (lease - reserve) ------|--cleanup--|    visibility >= lease
 *
 * `work` bounds the normal calls; `cleanup` (a little later) bounds what must still be written
 * when work has run out: the lease given back, a final failure.
 */
export interface DeliveryBudget {
  readonly work: AbortSignal;
  readonly cleanup: AbortSignal;
  remainingWorkMs(): number;
}

export function startDeliveryBudget(
  leaseMs: number,
  now: () => number = () => performance.now(),
): DeliveryBudget {
  if (!Number.isFinite(leaseMs) || leaseMs <= 0)
    throw new RangeError(`leaseMs must be positive, got ${leaseMs}`);
  const reserve = Math.min(2_000, leaseMs / 5);
  const workMs = Math.max(1, Math.floor(leaseMs - reserve));
  const cleanupMs = Math.max(workMs, Math.floor(leaseMs - Math.min(500, leaseMs / 20)));
  const started = now();
  return {
    work: AbortSignal.timeout(workMs),
    cleanup: AbortSignal.timeout(cleanupMs),
    remainingWorkMs: () => Math.max(0, workMs - (now() - started)),
  };
}
