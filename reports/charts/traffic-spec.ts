/**
 * G1's traffic and throughput per minute: requests queued (by queuedAt) and finished (by
 * finishedAt) in each minute, as the two Athena queries answer them, side by side per minute.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ReportChart } from './render';
import { colorBy, VEGA_LITE_SCHEMA } from './vega-parts';

export interface MinuteCount {
  /** Epoch ms of the minute's start. */
  readonly minute: number;
  readonly count: number;
}

export const TRAFFIC_SERIES = [
  { label: 'traffic (queued)', color: '#4c78a8' },
  { label: 'throughput (finished)', color: '#f58518' },
] as const;

/** Rows of one minute delivered in different hours are added up (see the SQL's comment). */
export function sumByMinute(rows: readonly MinuteCount[]): MinuteCount[] {
  const sums = new Map<number, number>();
  for (const row of rows) {
    if (!Number.isFinite(row.minute) || !Number.isFinite(row.count)) continue;
    sums.set(row.minute, (sums.get(row.minute) ?? 0) + row.count);
  }
  return [...sums.entries()].sort(([a], [b]) => a - b).map(([minute, count]) => ({ minute, count }));
}

export function trafficChart(
  input: { traffic: readonly MinuteCount[]; throughput: readonly MinuteCount[] },
  title = 'Traffic and throughput per minute',
): ReportChart {
  return { name: 'traffic', title, spec: trafficSpec(input, title) };
}

export function trafficSpec(
  input: { traffic: readonly MinuteCount[]; throughput: readonly MinuteCount[] },
  title: string,
): TopLevelSpec {
  const label = (minute: number) => new Date(minute).toISOString().slice(11, 16);
  const values = [
    ...sumByMinute(input.traffic).map((r) => ({ ...r, series: TRAFFIC_SERIES[0].label })),
    ...sumByMinute(input.throughput).map((r) => ({ ...r, series: TRAFFIC_SERIES[1].label })),
  ].map((r) => ({ ...r, minuteLabel: label(r.minute) }));
  const minutes = [...new Set(values.map((v) => v.minute))].sort((a, b) => a - b).map(label);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    data: { values },
    width: { step: 90 },
    height: 220,
    mark: { type: 'bar' },
    encoding: {
      x: {
        field: 'minuteLabel',
        type: 'ordinal',
        title: 'minute (UTC)',
        sort: minutes,
        axis: { labelAngle: 0 },
      },
      xOffset: { field: 'series', type: 'nominal' },
      y: { field: 'count', type: 'quantitative', title: 'requests per minute' },
      color: colorBy(
        'series',
        TRAFFIC_SERIES.map((s) => s.label),
        TRAFFIC_SERIES.map((s) => s.color),
      ),
    },
  } as TopLevelSpec;
}
