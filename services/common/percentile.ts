/**
 * The p-th percentile (0..100) by nearest rank: the smallest value with at least p% of the values
 * at or below it (rank ceil(p/100 * n), counted from 1). Always one of the values, never an
 * interpolation, so it names a latency some request really had. NaN when there is no finite
 * value. The one percentile of the project: load summaries, benchmarks, engine rates, reports.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const sorted = Float64Array.from(values.filter(Number.isFinite)).sort();
  if (sorted.length === 0) return Number.NaN;
  // p * n first: 0.07 * 100 is 7.000000000000001 in floating point, and its ceiling would be 8.
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100 - 1e-9));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}
