import type { QueueSample } from '../invariants/history';
import { coord } from './chart-scale';

export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly axis: 'left' | 'right';
  readonly dash?: string;
  readonly value: (s: QueueSample) => number | null;
}

// Dashed capacity line: the one series read against the right axis should look different.
export const TIMELINE_SERIES: readonly ChartSeries[] = [
  { label: 'visible', color: '#1f77b4', axis: 'left', value: (s) => s.visible },
  { label: 'not visible (in flight)', color: '#ff7f0e', axis: 'left', value: (s) => s.notVisible },
  { label: 'DLQ', color: '#d62728', axis: 'left', value: (s) => s.dlqVisible },
  {
    label: 'capacityRemaining (right axis)',
    color: '#2ca02c',
    axis: 'right',
    dash: '7 4',
    value: (s) => s.capacityRemaining,
  },
];

export function finiteOrNull(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function seriesMax(samples: readonly QueueSample[], series: readonly ChartSeries[]): number {
  let max = 0;
  for (const s of samples) for (const ser of series) max = Math.max(max, finiteOrNull(ser.value(s)) ?? 0);
  return max;
}

/** A null (or non-finite) reading breaks the line instead of being drawn as 0. */
export function renderSeries(
  samples: readonly QueueSample[],
  series: ChartSeries,
  x: (s: QueueSample) => number,
  y: (v: number) => number,
): string[] {
  const segments: { x: string; y: string }[][] = [[]];
  for (const s of samples) {
    const v = finiteOrNull(series.value(s));
    if (v === null) {
      if ((segments.at(-1) ?? []).length > 0) segments.push([]);
      continue;
    }
    segments.at(-1)?.push({ x: coord(x(s)), y: coord(y(v)) });
  }
  const dash = series.dash ? ` stroke-dasharray="${series.dash}"` : '';
  return segments.flatMap((points) => {
    const [first] = points;
    if (first === undefined) return [];
    // A lone reading has no length as a line; a dot keeps it visible.
    if (points.length === 1)
      return [`<circle cx="${first.x}" cy="${first.y}" r="3" fill="${series.color}"/>`];
    const list = points.map((p) => `${p.x},${p.y}`).join(' ');
    return [
      `<polyline points="${list}" fill="none" stroke="${series.color}" stroke-width="2" stroke-linejoin="round"${dash}/>`,
    ];
  });
}
