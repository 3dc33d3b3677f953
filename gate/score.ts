/**
 * Exact FIFO scores. A Redis sorted-set score is an IEEE double: integers are exact only up to
 * 2^53. The guide's `(ms << 24) | counter` needs 41 + 24 = 65 bits today, so neighbouring scores
 * round to the same double and order falls back to member bytes.
 *
 * The gate's own scores come from INCR inside the enqueue script (see scripts.ts): one integer
 * per join, exact, ordered by arrival at Redis. This module holds the client-side alternative for
 * writers that cannot ask Redis (timestamp + counter in 53 bits), the 2^53 check both use, and the
 * guide's scheme so tests can show its collisions.
 *
 *   53 bits = [ 41 bits: ms since GATE_EPOCH (69 years) ][ 12 bits: counter (4096 per ms) ]
 */

export const MAX_EXACT_SCORE = Number.MAX_SAFE_INTEGER; // 2^53 - 1
export const COUNTER_BITS = 12;
const COUNTER_SPAN = 2 ** COUNTER_BITS;
/** 2025-01-01T00:00:00Z: the 41 timestamp bits last until 2094. */
export const GATE_EPOCH_MS = Date.UTC(2025, 0, 1);

export class ScoreOutOfRangeError extends Error {
  readonly code = 'SCORE_OUT_OF_RANGE';
}

/** Rejects anything a double cannot hold exactly. */
export function assertExactScore(score: number): number {
  if (!Number.isSafeInteger(score) || score < 0) {
    throw new ScoreOutOfRangeError(`score ${score} is not an integer in [0, 2^53 - 1]`);
  }
  return score;
}

export interface ScoreGenerator {
  next(): number;
}

/**
 * Strictly increasing scores from one process. When 4096 scores are drawn within one millisecond,
 * or the clock steps back, the logical millisecond runs ahead of the wall clock instead of
 * repeating a score (a hybrid logical clock).
 */
export function createScoreGenerator(now: () => number = Date.now): ScoreGenerator {
  let lastMs = -1;
  let counter = 0;
  return {
    next() {
      const ms = now() - GATE_EPOCH_MS;
      if (ms > lastMs) {
        lastMs = ms;
        counter = 0;
      } else if (++counter === COUNTER_SPAN) {
        lastMs++;
        counter = 0;
      }
      return assertExactScore(lastMs * COUNTER_SPAN + counter);
    },
  };
}

export function decodeScore(score: number): { readonly epochMs: number; readonly counter: number } {
  assertExactScore(score);
  return { epochMs: Math.floor(score / COUNTER_SPAN) + GATE_EPOCH_MS, counter: score % COUNTER_SPAN };
}

/** The guide's `float64((ms << 24) | counter)`, kept only to demonstrate its collisions. */
export function guideScore(epochMs: number, counter: number): number {
  return Number((BigInt(epochMs) << 24n) | BigInt(counter & 0xffffff));
}
