/**
 * Latency over time (Jepsen's latency view): every failed or unknown request as a point, the
 * successful ones as per-second p50 / p95 / max lines (tens of thousands of green points would
 * hide the few red ones and weigh megabytes), on a log axis, with the fault windows shaded.
 */
import type { TopLevelSpec } from 'vega-lite';
import { nearestRankPercentile } from '../percentile';
import { OUTCOME_COLORS, OUTCOME_LABELS, type TimedOperation } from './operations';
import type { ReportChart } from './render';
import { colorBy, type TimeChartInput, timeChartSpec } from './vega-parts';
import { seconds, type TimeFrame, windowLayers, xEncoding } from './windows';

export interface LatencyInput extends TimeChartInput {
  readonly operations: readonly TimedOperation[];
}

/** More points than this of fail/info are thinned evenly: the shape stays, the file stays small. */
export const MAX_POINTS = 3_000;
/** A log axis has no 0: faster answers are drawn at this floor. */
export const LATENCY_FLOOR_MS = 0.1;

export const OK_LINES = [
  { key: 'p50', label: 'ok p50 per second', color: '#98df8a' },
  { key: 'p95', label: 'ok p95 per second', color: '#2ca02c' },
  { key: 'max', label: 'ok max per second', color: '#175e17' },
] as const;

export interface LatencyLinePoint {
  readonly t: number;
  readonly series: string;
  /** Null breaks the line: a second without answers is a gap, not a straight line across it. */
  readonly latencyMs: number | null;
}

export function okQuantilesPerSecond(
  frame: TimeFrame,
  operations: readonly TimedOperation[],
): LatencyLinePoint[] {
  const bySecond = new Map<number, number[]>();
  for (const op of operations) {
    if (op.type !== 'ok' || op.latencyMs === null) continue;
    const second = Math.floor(seconds(frame, op.sentAt));
    const list = bySecond.get(second) ?? [];
    list.push(op.latencyMs);
    bySecond.set(second, list);
  }
  let previous: number | undefined;
  return [...bySecond.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([second, values]) => {
      const at = (p: number) => Math.max(nearestRankPercentile(values, p) ?? 0, LATENCY_FLOOR_MS);
      // Drawn at the middle of its second.
      const t = second + 0.5;
      const before = previous;
      previous = second;
      const gap =
        before !== undefined && second - before > 1
          ? OK_LINES.map((line) => ({ t: before + 1.5, series: line.label, latencyMs: null }))
          : [];
      return [
        ...gap,
        { t, series: OK_LINES[0].label, latencyMs: at(50) },
        { t, series: OK_LINES[1].label, latencyMs: at(95) },
        { t, series: OK_LINES[2].label, latencyMs: at(100) },
      ];
    });
}

export function failurePoints(
  frame: TimeFrame,
  operations: readonly TimedOperation[],
): { t: number; series: string; latencyMs: number }[] {
  const failed = operations.filter((op) => op.type !== 'ok' && op.latencyMs !== null);
  const step = Math.max(1, Math.ceil(failed.length / MAX_POINTS));
  return failed
    .filter((_, i) => i % step === 0)
    .map((op) => ({
      t: seconds(frame, op.sentAt),
      series: OUTCOME_LABELS[op.type],
      latencyMs: Math.max(op.latencyMs ?? 0, LATENCY_FLOOR_MS),
    }));
}

export function latencyChart(input: LatencyInput): ReportChart {
  const title = input.title ?? 'Request latency over time (by send time)';
  return { name: 'latency', title, spec: latencySpec(input, title) };
}

export function latencySpec(input: LatencyInput, title: string): TopLevelSpec {
  const height = input.height ?? 240;
  const { frame } = input;
  const domain = [...OK_LINES.map((l) => l.label), OUTCOME_LABELS.fail, OUTCOME_LABELS.info];
  const range = [...OK_LINES.map((l) => l.color), OUTCOME_COLORS.fail, OUTCOME_COLORS.info];
  const color = colorBy('series', domain, range);
  const lines = okQuantilesPerSecond(frame, input.operations);
  const points = failurePoints(frame, input.operations);
  const y = {
    field: 'latencyMs',
    type: 'quantitative',
    title: 'latency (ms, log)',
    scale: { type: 'log' },
  } as const;
  // An empty layer would leave Vega an empty domain to warn about: layers without data are left out.
  return timeChartSpec(title, frame, height, [
    ...windowLayers(frame, input.windows ?? [], height),
    ...(lines.length > 0
      ? [
          {
            data: { values: lines },
            mark: { type: 'line', strokeWidth: 1.5, point: false, invalid: 'break-paths-show-domains' },
            encoding: { x: xEncoding(frame), y, color },
          },
        ]
      : []),
    ...(points.length > 0
      ? [
          {
            data: { values: points },
            mark: { type: 'point', filled: true, size: 14, opacity: 0.8 },
            encoding: { x: xEncoding(frame), y, color },
          },
        ]
      : []),
  ]);
}
