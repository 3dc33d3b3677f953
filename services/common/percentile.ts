/**
 * The p-th percentile (0..100) by nearest rank: the smallest value with at least p% of the
 * values at or below it. NaN for no values. The one percentile of the project: load summaries,
 * benchmarks, engine rates and reports all read latencies through it.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}
