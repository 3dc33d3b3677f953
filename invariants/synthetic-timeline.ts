/**
 * The timeline of a synthetic correct history (see synthetic-history.ts): when each request was
 * sent, answered, taken and finished, which ones got a seat, and the queue samples it implies.
 * Columns of typed arrays, so that a 1M-request timeline is a few arrays, not a million objects.
 */
import type { QueueSample } from './history';

export const SYNTHETIC_T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const SAMPLE_INTERVAL_MS = 250;

export interface Timeline {
  readonly sentAt: Float64Array;
  readonly requestedAt: Float64Array;
  readonly answeredAt: Float64Array;
  readonly startedAt: Float64Array;
  readonly finishedAt: Float64Array;
  readonly poison: Uint8Array;
  readonly succeeded: Uint8Array;
}

/** When each request was sent, answered, taken and finished, and which ones got a seat. */
export function buildTimeline(
  n: number,
  capacity: number,
  options: { readonly poisonShare?: number; readonly reorderWindow?: number },
  phases: { readonly spikeMs: number; readonly drainMs: number; readonly workerOnAt: number },
  random: () => number,
): Timeline {
  const { spikeMs, drainMs, workerOnAt } = phases;
  const poisonShare = options.poisonShare ?? 0.001;
  const window = options.reorderWindow ?? 20;
  const sentAt = new Float64Array(n);
  const requestedAt = new Float64Array(n);
  const answeredAt = new Float64Array(n);
  const startedAt = new Float64Array(n);
  const finishedAt = new Float64Array(n);
  const poison = new Uint8Array(n);
  const succeeded = new Uint8Array(n);
  const takeKey = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const latency = 5 + Math.floor(random() * 40);
    sentAt[i] = SYNTHETIC_T0 + Math.floor((i * spikeMs) / n);
    requestedAt[i] = (sentAt[i] ?? 0) + 1 + Math.floor(random() * (latency - 3));
    answeredAt[i] = (sentAt[i] ?? 0) + latency;
    poison[i] = random() < poisonShare ? 1 : 0;
    takeKey[i] = i + random() * window;
  }
  // The order the worker acquires the backlog in: almost FIFO.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (takeKey[a] ?? 0) - (takeKey[b] ?? 0));
  let seatsLeft = capacity;
  for (const [position, i] of order.entries()) {
    const start = workerOnAt + 1 + Math.floor((position * drainMs) / n);
    startedAt[i] = start;
    finishedAt[i] = poison[i] === 1 ? workerOnAt + drainMs + 1_000 : start + 1 + Math.floor(random() * 3);
    if (poison[i] === 0 && seatsLeft > 0) {
      succeeded[i] = 1;
      seatsLeft--;
    }
  }
  return { sentAt, requestedAt, answeredAt, startedAt, finishedAt, poison, succeeded };
}

/**
 * Samples every 250 ms: depth = queued and not yet gone (finished, or moved to the DLQ for
 * poison), capacityRemaining = N minus the seats taken so far. Counted over sorted times, so
 * the whole series costs O(n log n).
 */
export function buildSamples(
  timeline: Timeline,
  capacity: number,
  workerOnAt: number,
  drainedAt: number,
): QueueSample[] {
  const n = timeline.requestedAt.length;
  const queued = Float64Array.from(timeline.requestedAt, (t) => t + 1).sort();
  const gone = new Float64Array(n);
  const seats: number[] = [];
  for (let i = 0; i < n; i++) {
    // A poison message leaves the main queue when the redrive policy moves it, before its final status.
    gone[i] = timeline.poison[i] === 1 ? (timeline.startedAt[i] ?? 0) : (timeline.finishedAt[i] ?? 0);
    if (timeline.succeeded[i] === 1) seats.push(timeline.finishedAt[i] ?? 0);
  }
  gone.sort();
  seats.sort((a, b) => a - b);
  const samples: QueueSample[] = [];
  let q = 0;
  let g = 0;
  let s = 0;
  let moved = 0;
  const poisonMoves = Float64Array.from(
    Array.from({ length: n }, (_, i) => i).filter((i) => timeline.poison[i] === 1),
    (i) => timeline.startedAt[i] ?? 0,
  ).sort();
  for (let time = SYNTHETIC_T0 - 1_000; time <= drainedAt; time += SAMPLE_INTERVAL_MS) {
    while (q < n && (queued[q] ?? 0) <= time) q++;
    while (g < n && (gone[g] ?? 0) <= time) g++;
    while (s < seats.length && (seats[s] ?? 0) <= time) s++;
    while (moved < poisonMoves.length && (poisonMoves[moved] ?? 0) <= time) moved++;
    const workerRunning = time >= workerOnAt;
    samples.push({
      time,
      phase: time < SYNTHETIC_T0 ? 'setup' : workerRunning ? 'drain' : 'spike',
      visible: q - g,
      notVisible: 0,
      dlqVisible: moved,
      capacityRemaining: capacity - s,
      workerRunning,
    });
  }
  return samples;
}
