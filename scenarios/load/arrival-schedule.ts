/**
 * When each arrival of an open model is due, as offsets (ms) from the start of the phase. Like
 * k6's ramping-arrival-rate the rate moves linearly inside a stage, so arrival n is due when the
 * number of arrivals so far, the integral of the rate, reaches n:
 *
 *   rate  r1 |        ____
 *            |      /
 *         r0 |____/          N(t) = r0*t + (r1 - r0)*t^2 / (2T)   inside a stage of length T
 *            +-------------> t
 *
 * Pure: the open model schedules its timers from these offsets.
 */
import type { RateStage } from './load-plan';

export function* arrivalOffsets(startRate: number, stages: readonly RateStage[]): Generator<number> {
  let stageStartMs = 0;
  let fromRate = startRate;
  // Arrivals are due at cumulative counts 0, 1, 2...; `due` is the count that comes next and
  // `before` the count reached by the start of the current stage.
  let due = 0;
  let before = 0;
  for (const stage of stages) {
    const seconds = stage.durationMs / 1000;
    const toRate = stage.targetRate;
    const inStage = ((fromRate + toRate) / 2) * seconds;
    while (due < before + inStage) {
      const t = timeForCount(due - before, fromRate, toRate, seconds);
      yield stageStartMs + t * 1000;
      due++;
    }
    before += inStage;
    stageStartMs += stage.durationMs;
    fromRate = toRate;
  }
}

/** Solves r0*t + (r1 - r0)*t^2/(2T) = n for t in [0, T] (seconds). */
function timeForCount(n: number, r0: number, r1: number, T: number): number {
  const a = (r1 - r0) / (2 * T);
  if (Math.abs(a) < 1e-12) return r0 === 0 ? 0 : n / r0;
  // a*t^2 + r0*t - n = 0, the root that lies in [0, T].
  const root = (-r0 + Math.sqrt(r0 * r0 + 4 * a * n)) / (2 * a);
  return Math.min(T, Math.max(0, root));
}

/** How many arrivals a plan schedules in all (the sum of every stage's integral). */
export function countArrivals(startRate: number, stages: readonly RateStage[]): number {
  let count = 0;
  for (const _ of arrivalOffsets(startRate, stages)) count++;
  return count;
}
