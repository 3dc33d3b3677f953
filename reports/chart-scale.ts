/** Axis arithmetic for the timeline chart, kept apart so the SVG code reads as layout only. */

const MIN_STEP = 1;

export interface AxisTicks {
  /** Top of the axis: the last tick, above the data. */
  readonly max: number;
  readonly step: number;
  readonly ticks: readonly number[];
  /** Labels read "12k" rather than "12000" so they fit the margin. */
  readonly thousands: boolean;
}

/**
 * Ticks from 0 in steps of 1, 2 or 5 times a power of ten, so labels are round numbers. Steps
 * never go below `minStep`: depths and capacities are counts, and "0.2 messages" reads as a bug.
 * With `headroom`, a maximum that lands exactly on the top tick (capacity 100 at the start) gets
 * one more step, so its line does not vanish into the frame.
 */
export function niceTicks(dataMax: number, options: { target?: number; headroom?: boolean } = {}): AxisTicks {
  const top = Number.isFinite(dataMax) && dataMax > 0 ? dataMax : MIN_STEP;
  const rough = top / (options.target ?? 5);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const nice = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const step = Math.max(nice, MIN_STEP);
  const exact = Math.max(1, Math.ceil(top / step - 1e-9));
  const count = options.headroom && dataMax > 0 && exact * step === dataMax ? exact + 1 : exact;
  const ticks = Array.from({ length: count + 1 }, (_, i) => i * step);
  const max = count * step;
  return { max, step, ticks, thousands: max >= 10_000 };
}

export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

export function formatTick(value: number, axis: AxisTicks): string {
  if (axis.thousands) return value === 0 ? '0' : `${Number((value / 1000).toFixed(1))}k`;
  return String(value);
}

/** Coordinates with one decimal: enough for a 900 px chart, and keeps the file small and diffable. */
export function coord(value: number): string {
  return String(Math.round(value * 10) / 10);
}
