import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreCollisionsAndInversions } from './checks';
import {
  assertExactScore,
  COUNTER_BITS,
  createScoreGenerator,
  decodeScore,
  GATE_EPOCH_MS,
  guideScore,
  MAX_EXACT_SCORE,
  ScoreOutOfRangeError,
} from './score';

/** A clock that replays the given steps (ms deltas, possibly 0 or negative) from a start time. */
function steppedClock(start: number, steps: readonly number[]): () => number {
  let now = start;
  let i = 0;
  return () => {
    now += steps[i++ % steps.length] ?? 0;
    return now;
  };
}

describe('createScoreGenerator', () => {
  it('draws 10,000 scores without a collision and in strictly increasing order, whatever the clock does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: GATE_EPOCH_MS + 60_000, max: Date.UTC(2090, 0, 1) }),
        // mostly same-millisecond bursts, some steps forward, some clock steps back
        fc.array(
          fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 }), fc.integer({ min: -50, max: -1 })),
          {
            minLength: 1,
            maxLength: 50,
          },
        ),
        (start, steps) => {
          const generator = createScoreGenerator(steppedClock(start, steps));
          const scores = Array.from({ length: 10_000 }, () => generator.next());
          expect(scoreCollisionsAndInversions(scores)).toEqual({ collisions: 0, outOfOrder: 0 });
          expect(Math.max(...scores)).toBeLessThanOrEqual(MAX_EXACT_SCORE);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('carries into the next logical millisecond when 4096 scores are drawn in one millisecond', () => {
    const generator = createScoreGenerator(() => GATE_EPOCH_MS + 1_000);
    const scores = Array.from({ length: 2 ** COUNTER_BITS + 1 }, () => generator.next());
    expect(decodeScore(scores.at(-1) as number)).toEqual({ epochMs: GATE_EPOCH_MS + 1_001, counter: 0 });
  });

  it('round-trips timestamp and counter through decodeScore', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 41 - 1 }),
        fc.integer({ min: 0, max: 4095 }),
        (ms, counter) => {
          const score = ms * 2 ** COUNTER_BITS + counter;
          expect(decodeScore(score)).toEqual({ epochMs: GATE_EPOCH_MS + ms, counter });
        },
      ),
    );
  });
});

describe('assertExactScore', () => {
  it('accepts 2^53 - 1 and rejects 2^53 and above, fractions and negatives', () => {
    expect(assertExactScore(MAX_EXACT_SCORE)).toBe(MAX_EXACT_SCORE);
    for (const bad of [2 ** 53, 2 ** 60, 1.5, -1, Number.NaN]) {
      expect(() => assertExactScore(bad)).toThrow(ScoreOutOfRangeError);
    }
  });
});

describe("the guide's (ms << 24) | counter score", () => {
  it('needs more than 53 bits today, so same-millisecond scores collide as doubles', () => {
    const ms = Date.UTC(2025, 9, 5);
    const scores = Array.from({ length: 100 }, (_, counter) => guideScore(ms, counter));
    expect(guideScore(ms, 0)).toBeGreaterThan(MAX_EXACT_SCORE);
    // 100 distinct (ms, counter) pairs, far fewer distinct doubles: the checker must see it.
    expect(new Set(scores).size).toBeLessThan(100);
    expect(scoreCollisionsAndInversions(scores).collisions).toBeGreaterThan(0);
    expect(() => assertExactScore(guideScore(ms, 1))).toThrow(ScoreOutOfRangeError);
  });
});
