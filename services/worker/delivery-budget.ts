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
  // Small reserves: a slow but healthy dependency should still fit its calls into the lease.
  const reserve = Math.min(1_000, leaseMs / 10);
  const workMs = Math.max(1, Math.floor(leaseMs - reserve));
  const cleanupMs = Math.max(workMs, Math.floor(leaseMs - Math.min(250, leaseMs / 40)));
  const started = now();
  return {
    work: AbortSignal.timeout(workMs),
    cleanup: AbortSignal.timeout(cleanupMs),
    remainingWorkMs: () => Math.max(0, workMs - (now() - started)),
  };
}
