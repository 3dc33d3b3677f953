import type { QueueSample } from '../invariants/history';

/** A shaded span of the timeline: the worker-off window, a chaos fault, a network partition... */
export interface ChartWindow {
  readonly label: string;
  /** Epoch ms, like the samples. */
  readonly from: number;
  readonly to: number;
  /** Any SVG paint; grey when absent. */
  readonly color?: string;
}

export const WORKER_OFF_COLOR = '#9e9e9e';

/**
 * The spans in which the samples saw the worker stopped. A span ends at the first sample that
 * sees it running again (not at the last "off" sample), so the shading meets the drain.
 *
 *   samples   off  off  off  on   on
 *   window    |--------------|
 */
export function deriveWorkerOffWindows(samples: readonly QueueSample[], label = 'worker off'): ChartWindow[] {
  const sorted = [...samples].sort((a, b) => a.time - b.time);
  const windows: ChartWindow[] = [];
  let from: number | undefined;
  let lastOff = 0;
  for (const sample of sorted) {
    if (!sample.workerRunning) {
      from ??= sample.time;
      lastOff = sample.time;
    } else if (from !== undefined) {
      windows.push({ label, from, to: sample.time, color: WORKER_OFF_COLOR });
      from = undefined;
    }
  }
  if (from !== undefined) windows.push({ label, from, to: lastOff, color: WORKER_OFF_COLOR });
  return windows;
}
