/** The percentile every report figure and chart uses, and how delays are printed. */
import { formatMs, formatSeconds } from './markdown-text';

/**
 * The nearest-rank percentile: the smallest value such that at least p % of the values are at
 * or below it (rank ceil(p/100 * n), counted from 1). Always one of the values, never an
 * interpolation, so it names a delay some request really had. `p` is in percent, 0..100; p = 0
 * gives the minimum. Null for no (finite) values.
 */
export function nearestRankPercentile(values: readonly number[], p: number): number | null {
  if (!Number.isFinite(p) || p < 0 || p > 100)
    throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  // p * n first: 0.07 * 100 is 7.000000000000001 in floating point, and its ceiling would be 8.
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100 - 1e-9));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

/** A delay as the report prints it: milliseconds up to ten seconds, seconds beyond. */
export function formatDelay(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) >= 10_000 ? formatSeconds(ms) : formatMs(ms);
}
