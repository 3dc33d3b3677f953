/**
 * The open model (k6's ramping- and constant-arrival-rate): arrivals come on a schedule that
 * does not wait for the system's answers. An arrival that finds every VU busy is dropped and
 * counted, never queued: a queue in the client would hide exactly the slowness the run looks
 * for (coordinated omission). Late timers are caught up in a batch, each iteration keeping its
 * due time as its intended send time.
 *
 *   due:      |   |   |   |   |        every arrival has a due time from the schedule
 *   VUs busy: ### ####### ########     an arrival with no free VU -> dropped += 1
 */
import { setTimeout as sleep, setImmediate as yieldToLoop } from 'node:timers/promises';
import { arrivalOffsets } from './arrival-schedule';
import type { ModelCounts } from './closed-model';
import type { RateStage } from './load-plan';

export interface Arrival {
  /** Epoch ms the arrival was due (whole ms, rounded down). */
  readonly epochMs: number;
  /** Monotonic ms (performance.now) the arrival was due. */
  readonly monotonicMs: number;
  readonly index: number;
}

export interface OpenModelOptions {
  readonly startRate: number;
  readonly stages: readonly RateStage[];
  readonly maxVUs: number;
  /** With worker threads: this loop takes only the arrivals whose index % stride === offset. */
  readonly stride?: number;
  readonly offset?: number;
  /** Runs one iteration; must not throw. */
  readonly iterate: (arrival: Arrival) => Promise<void>;
  readonly onDropped?: (arrival: Arrival) => void;
}

export async function runOpenModel(options: OpenModelOptions): Promise<ModelCounts> {
  const startEpoch = Date.now();
  const startMono = performance.now();
  const stride = options.stride ?? 1;
  const mine = options.offset ?? 0;
  const inFlight = new Set<Promise<void>>();
  let started = 0;
  let dropped = 0;
  let index = -1;
  let handled = 0;
  for (const offset of arrivalOffsets(options.startRate, options.stages)) {
    index++;
    if (index % stride !== mine) continue;
    handled++;
    const wait = startMono + offset - performance.now();
    // Timers have millisecond granularity: sleep only when the next arrival is at least 1 ms
    // away, and start every arrival already due in one go.
    if (wait >= 1) await sleep(wait);
    // A loop that is always behind must still let answers in, or every VU would stay busy.
    else if (handled % 32 === 0) await yieldToLoop();
    const arrival: Arrival = {
      epochMs: Math.floor(startEpoch + offset),
      monotonicMs: startMono + offset,
      index,
    };
    if (inFlight.size >= options.maxVUs) {
      dropped++;
      options.onDropped?.(arrival);
      continue;
    }
    started++;
    const iteration = options.iterate(arrival).finally(() => inFlight.delete(iteration));
    inFlight.add(iteration);
  }
  await Promise.all(inFlight);
  return { started, dropped };
}
