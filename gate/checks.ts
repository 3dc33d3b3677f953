/**
 * Pure checkers over what a run observed. Each returns the measured value and whether it meets
 * the criterion, so the scenario report and the tests read the same numbers.
 */

export interface Check {
  readonly name: string;
  readonly criterion: string;
  readonly measured: string;
  readonly valid: boolean;
}

/** Scores that equal an earlier one, and neighbours that are not strictly increasing (in draw order). */
export function scoreCollisionsAndInversions(scores: readonly number[]): {
  collisions: number;
  outOfOrder: number;
} {
  const seen = new Set<number>();
  let collisions = 0;
  let outOfOrder = 0;
  scores.forEach((score, i) => {
    if (seen.has(score)) collisions++;
    seen.add(score);
    const previous = scores[i - 1];
    if (previous !== undefined && !(score > previous)) outOfOrder++;
  });
  return { collisions, outOfOrder };
}

export interface TimedJoin {
  readonly invokedAt: number;
  readonly completedAt: number;
  readonly seq: number;
}

/**
 * Pairs (a, b) where a completed before b was invoked (real-time order, no overlap) but a got the
 * larger sequence. Overlapping joins may go either way and are not counted.
 * Sweep: joins sorted by invoke time; completions before each invoke feed a running maximum.
 */
export function countFifoInversions(joins: readonly TimedJoin[]): {
  inversions: number;
  orderedPairs: number;
} {
  const byInvoke = [...joins].sort((a, b) => a.invokedAt - b.invokedAt);
  const byComplete = [...joins].sort((a, b) => a.completedAt - b.completedAt);
  const completedSeqs: number[] = []; // sorted ascending
  let c = 0;
  let inversions = 0;
  let orderedPairs = 0;
  for (const b of byInvoke) {
    while (c < byComplete.length && (byComplete[c] as TimedJoin).completedAt < b.invokedAt) {
      insertSorted(completedSeqs, (byComplete[c] as TimedJoin).seq);
      c++;
    }
    orderedPairs += completedSeqs.length;
    inversions += completedSeqs.length - upperBound(completedSeqs, b.seq);
  }
  return { inversions, orderedPairs };
}

/** Users whose applied log is exactly 1..expected, in order. */
export function perUserOrder(
  applied: ReadonlyMap<string, readonly number[]>,
  expected: ReadonlyMap<string, number>,
): { users: number; inOrder: number; firstViolation: string | undefined } {
  let inOrder = 0;
  let firstViolation: string | undefined;
  for (const [user, count] of expected) {
    const log = applied.get(user) ?? [];
    const ok = log.length === count && log.every((n, i) => n === i + 1);
    if (ok) inOrder++;
    else
      firstViolation ??= `${user}: expected 1..${count}, applied [${log.slice(0, 10).join(',')}${log.length > 10 ? ',...' : ''}]`;
  }
  return { users: expected.size, inOrder, firstViolation };
}

/** Largest relative error of reported positions against the true ones (both 1-based). */
export function maxPositionError(samples: readonly { reported: number; actual: number }[]): number {
  let worst = 0;
  for (const { reported, actual } of samples) worst = Math.max(worst, Math.abs(reported - actual) / actual);
  return worst;
}

function upperBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(sorted: number[], value: number): void {
  sorted.splice(upperBound(sorted, value), 0, value);
}
