/** The percentile every report figure and chart uses, and how delays are printed. */
import { percentile } from '../services/common/percentile';
import { formatMs, formatSeconds } from './markdown-text';

/** The project's percentile (services/common), with null for no values as reports print them. */
export function nearestRankPercentile(values: readonly number[], p: number): number | null {
  const value = percentile(values, p);
  return Number.isNaN(value) ? null : value;
}

/** A delay as the report prints it: milliseconds up to ten seconds, seconds beyond. */
export function formatDelay(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) >= 10_000 ? formatSeconds(ms) : formatMs(ms);
}
