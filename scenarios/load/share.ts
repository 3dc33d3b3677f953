/**
 * How a phase is split over event loops (worker threads) when one loop cannot drive it: each
 * thread gets its own VUs (closed, storm) or every n-th arrival of the one schedule (open), so
 * the threads together send what one plan says. Pure.
 *
 *   open, 2 threads:  arrivals 0 1 2 3 4 5 ...   thread 0 takes 0 2 4, thread 1 takes 1 3 5
 *                     each with half the VUs; an arrival with no free VU in its thread is dropped
 */
import type { LoadPlan, OpenArrivals } from './load-plan';

export type Share =
  | { readonly kind: 'closed'; readonly vus: number; readonly firstVu: number; readonly durationMs: number }
  | { readonly kind: 'storm'; readonly vus: number; readonly durationMs: number }
  | (OpenArrivals & {
      /** This share takes the arrivals whose index % stride === offset. */
      readonly stride: number;
      readonly offset: number;
    });

/** Splits a plan into at most `threads` shares, none of them empty. */
export function splitPlan(plan: LoadPlan, threads: number): Share[] {
  const vus = plan.kind === 'open' ? plan.maxVUs : plan.vus;
  const count = Math.max(1, Math.min(Math.floor(threads), vus));
  const parts = Array.from({ length: count }, (_, i) => Math.floor(vus / count) + (i < vus % count ? 1 : 0));
  if (plan.kind === 'open') {
    return parts.map((maxVUs, offset) => ({ ...plan, maxVUs, stride: count, offset }));
  }
  if (plan.kind === 'storm')
    return parts.map((n) => ({ kind: 'storm', vus: n, durationMs: plan.durationMs }));
  let firstVu = 0;
  return parts.map((n) => {
    const share: Share = { kind: 'closed', vus: n, firstVu, durationMs: plan.durationMs };
    firstVu += n;
    return share;
  });
}
