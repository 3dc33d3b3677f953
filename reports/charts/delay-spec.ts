/**
 * G1's delay distributions: queue delay (startedAt - queuedAt) and end-to-end delay
 * (finishedAt - queuedAt) as cumulative curves, so "p95 is 40 ms" is read straight off the
 * chart, with each curve's p95 marked by a rule and its value. The x axis turns logarithmic
 * when the delays span more than two decades: a drained backlog puts seconds of queue delay next
 * to milliseconds of processing, and a linear axis would flatten the fast part.
 */
import type { TopLevelSpec } from 'vega-lite';
import { formatCount } from '../markdown-text';
import { formatDelay, nearestRankPercentile } from '../percentile';
import type { ReportChart } from './render';
import { colorBy, VEGA_LITE_SCHEMA } from './vega-parts';
import { assignLanes, estimateLabelWidth, LABEL_FONT_SIZE, LANE_HEIGHT } from './windows';

export interface DelayInput {
  readonly queueDelaysMs: readonly number[];
  readonly endToEndDelaysMs: readonly number[];
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
}

const SERIES = [
  { key: 'queueDelaysMs', label: 'queue delay (startedAt − queuedAt)', color: '#1f77b4' },
  { key: 'endToEndDelaysMs', label: 'end-to-end delay (finishedAt − queuedAt)', color: '#d95f02' },
] as const;

/** Points per curve: quantiles at every quarter percent are more than a 900 px chart can show. */
const CURVE_STEPS = 400;

export interface CurvePoint {
  readonly delayMs: number;
  readonly share: number;
  readonly series: string;
}

/** The cumulative share of requests at or below each delay, thinned to CURVE_STEPS points. */
export function cumulativeCurve(values: readonly number[], series: string, log: boolean): CurvePoint[] {
  const sorted = values.filter((v) => Number.isFinite(v) && (!log || v > 0)).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return [];
  const step = Math.max(1, Math.floor(n / CURVE_STEPS));
  const points: CurvePoint[] = [];
  for (let i = 0; i < n; i += step) {
    const value = sorted[i] as number;
    points.push({ delayMs: value, share: (i + 1) / n, series });
  }
  const last = sorted[n - 1] as number;
  if (points.at(-1)?.share !== 1) points.push({ delayMs: last, share: 1, series });
  return points;
}

/** Log when the positive delays span more than two decades (100x). */
export function wantsLogAxis(values: readonly number[]): boolean {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  if (positive.length === 0) return false;
  const min = positive.reduce((a, b) => Math.min(a, b));
  const max = positive.reduce((a, b) => Math.max(a, b));
  return max / min > 100;
}

export function delayChart(input: DelayInput): ReportChart {
  const title = input.title ?? 'Queue and end-to-end delay: cumulative share of requests';
  return { name: 'delays', title, spec: delaySpec(input, title) };
}

export function delaySpec(input: DelayInput, title: string): TopLevelSpec {
  const width = input.width ?? 860;
  const height = input.height ?? 280;
  const all = [...input.queueDelaysMs, ...input.endToEndDelaysMs].filter(Number.isFinite);
  const log = wantsLogAxis(all);
  const shown = all.filter((v) => !log || v > 0);
  const min = shown.length > 0 ? shown.reduce((a, b) => Math.min(a, b)) : 0;
  const max = shown.length > 0 ? shown.reduce((a, b) => Math.max(a, b)) : 1;
  const domain: [number, number] = log ? [min, max] : [Math.min(0, min), Math.max(max, 1)];
  const pixel = (v: number) =>
    log
      ? ((Math.log(v) - Math.log(domain[0])) / (Math.log(domain[1]) - Math.log(domain[0]) || 1)) * width
      : ((v - domain[0]) / (domain[1] - domain[0] || 1)) * width;

  const labelled = SERIES.map((s) => ({ ...s, values: input[s.key] })).map((s) => ({
    ...s,
    legend: `${s.label}, n=${formatCount(s.values.filter(Number.isFinite).length)}`,
  }));
  const curves = labelled.flatMap((s) => cumulativeCurve(s.values, s.legend, log));
  const marks = labelled.flatMap((s) => {
    const p95 = nearestRankPercentile(
      s.values.filter((v) => !log || v > 0),
      95,
    );
    return p95 === null ? [] : [{ delayMs: p95, series: s.legend, text: `p95 ${formatDelay(p95)}` }];
  });
  // A label that would run off the right edge is drawn leftwards from its rule: its box for the
  // lanes is then the one to the left.
  const boxes = marks.map((m) => {
    const px = pixel(m.delayMs);
    const w = estimateLabelWidth(m.text);
    const right = px + w > width;
    return { x: right ? px - w : px, width: w, right };
  });
  const lanes = assignLanes(boxes);
  const labels = marks.map((m, i) => ({
    ...m,
    y: 3 + (lanes[i] ?? 0) * LANE_HEIGHT,
    align: boxes[i]?.right ? 'right' : 'left',
  }));
  const x = {
    field: 'delayMs',
    type: 'quantitative',
    title: log ? 'delay (ms, log scale)' : 'delay (ms)',
    scale: log ? { type: 'log', domain, nice: false } : { domain, nice: false },
  } as const;
  const color = {
    ...colorBy(
      'series',
      labelled.map((s) => s.legend),
      labelled.map((s) => s.color),
    ),
    // One entry a line: the labels are long.
    legend: { direction: 'vertical' },
  } as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    width,
    height,
    layer: [
      {
        data: { values: curves },
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
        encoding: {
          x,
          y: {
            field: 'share',
            type: 'quantitative',
            title: 'share of requests at or below',
            axis: { format: '.0%' },
            scale: { domain: [0, 1] },
          },
          color,
        },
      },
      {
        data: { values: marks },
        mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 1.5 },
        encoding: { x, color },
      },
      ...(['left', 'right'] as const).flatMap((align) => {
        const values = labels.filter((l) => l.align === align);
        return values.length === 0
          ? []
          : [
              {
                data: { values },
                mark: {
                  type: 'text',
                  align,
                  baseline: 'top',
                  dx: align === 'left' ? 3 : -3,
                  fontSize: LABEL_FONT_SIZE,
                  fontWeight: 'bold',
                },
                encoding: {
                  x,
                  y: { field: 'y', type: 'quantitative', scale: null },
                  text: { field: 'text' },
                  color,
                },
              },
            ];
      }),
    ],
  } as TopLevelSpec;
}
