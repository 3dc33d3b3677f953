/**
 * The G1 delay picture as a dependency-free SVG: queue delay (startedAt - queuedAt) and
 * end-to-end delay (finishedAt - queuedAt) as cumulative curves, so "p95 is 40 ms" can be read
 * straight off the chart: the x where a curve crosses 95 %. Each curve carries marks at its
 * nearest-rank p50, p95 and p99, the same figures the report prints. The x axis turns
 * logarithmic when the delays span more than two decades: a drained backlog puts seconds of
 * queue delay next to milliseconds of processing, and a linear axis would flatten the fast part.
 */
import { DEFAULT_WINDOW_COLOR, LEGEND_ROW_HEIGHT, layoutLegend } from './chart-legend';
import { coord, formatTick, linearScale, niceTicks } from './chart-scale';
import type { ChartSeries } from './chart-series';
import { formatCount, formatMs, formatSeconds } from './markdown-text';
import { escapeXml } from './xml-escape';

export interface DelayChartInput {
  readonly queueDelaysMs: readonly number[];
  readonly endToEndDelaysMs: readonly number[];
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
}

export const DELAY_PERCENTILES = [50, 95, 99] as const;

/**
 * The nearest-rank percentile: the smallest value such that at least p % of the values are at
 * or below it (rank ceil(p/100 * n), counted from 1). Always one of the values, never an
 * interpolation, so it names a delay some request really had. `p` is in percent, 0..100; p = 0
 * gives the minimum. Null for no (finite) values.
 */
export function nearestRankPercentile(values: readonly number[], p: number): number | null {
  if (!Number.isFinite(p) || p < 0 || p > 100)
    throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  // p * n first: 0.07 * 100 is 7.000000000000001 in floating point, and its ceiling would be 8.
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100 - 1e-9));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

/** A delay as the report prints it: milliseconds up to ten seconds, seconds beyond. */
export function formatDelay(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) >= 10_000 ? formatSeconds(ms) : formatMs(ms);
}

const FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";
const MARGIN = { left: 64, right: 36, bottom: 46 } as const;
const LEGEND_TOP = 40;
const HALO = 'paint-order="stroke" stroke="#ffffff" stroke-width="3" stroke-linejoin="round"';
// Rough advance of an 11 px sans-serif glyph; used only to keep labels apart.
const LABEL_CHAR_WIDTH = 6.2;
const LABEL_LINE = 13;
const LABEL_GAP = 5;
// Labels sit this far above or below their dot, clear of the curve.
const LABEL_OFFSET = 8;
// Between the legend and the frame: room for a p99 label, which sits above the 100 % line.
const PLOT_GAP = 16;
const MARK_DASH = '4 3';

interface DelaySeries {
  readonly key: 'queue' | 'endToEnd';
  readonly label: string;
  readonly color: string;
  /** Which side of its curve the percentile labels prefer: the side no other curve occupies. */
  readonly labelSide: 'left' | 'right';
  readonly values: readonly number[];
}

interface Plot {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

interface XAxis {
  readonly log: boolean;
  readonly scale: (v: number) => number;
  readonly ticks: readonly { readonly value: number; readonly label: string | null }[];
}

export function renderDelayDistributionSvg(input: DelayChartInput): string {
  const width = positiveOr(input.width, 900);
  const height = positiveOr(input.height, 360);
  const title = input.title ?? 'Queue and end-to-end delay: cumulative share of requests';
  // Queue delay is always the left curve (end-to-end >= queue for every request), so its labels
  // go left of it and the end-to-end labels right of theirs, into the space no curve takes.
  const series: DelaySeries[] = [
    {
      key: 'queue',
      label: 'queue delay (startedAt − queuedAt)',
      color: '#1f77b4',
      labelSide: 'left',
      values: sortedFinite(input.queueDelaysMs),
    },
    {
      key: 'endToEnd',
      label: 'end-to-end delay (finishedAt − queuedAt)',
      color: '#d95f02',
      labelSide: 'right',
      values: sortedFinite(input.endToEndDelaysMs),
    },
  ];

  const legend = layoutLegend(legendEntries(series), [], {
    left: MARGIN.left,
    top: LEGEND_TOP,
    right: width - 8,
  });
  const plot: Plot = {
    left: MARGIN.left,
    right: width - MARGIN.right,
    top: LEGEND_TOP + legend.rows * LEGEND_ROW_HEIGHT + PLOT_GAP,
    bottom: height - MARGIN.bottom,
  };
  const all = series.flatMap((s) => s.values);
  const x = buildXAxis(all, plot);
  const y = linearScale(0, 100, plot.bottom, plot.top);
  // Log: 0 ms (a request picked up at once) has no place; linear: only a negative delay, a bug.
  const below = all.filter((v) => (x.log ? v <= 0 : v < 0)).length;

  const marks = series.flatMap((s) => percentileMarks(s, x, y));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="delay-chart-title" font-family="${escapeXml(FONT)}" font-size="12">`,
    `<title id="delay-chart-title">${escapeXml(title)}</title>`,
    // Opaque, so dark text stays readable on GitHub's dark theme.
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${plot.left}" y="22" font-size="15" font-weight="bold" fill="#222">${escapeXml(title)}</text>`,
    ...legend.elements,
    ...renderAxes(plot, x, y),
    ...series.flatMap((s) => renderCurve(s, plot, x, y)),
    ...marks.flatMap((m) => renderMarkLine(m, plot)),
    ...placeLabels(marks, plot, width).flatMap(renderMarkLabel),
    `<rect x="${plot.left}" y="${plot.top}" width="${coord(plot.right - plot.left)}" height="${coord(plot.bottom - plot.top)}" fill="none" stroke="#444"/>`,
    ...renderAxisTitles(plot, height, x, below),
  ];
  if (all.length === 0) {
    const [cx, cy] = [coord((plot.left + plot.right) / 2), coord((plot.top + plot.bottom) / 2)];
    out.push(
      `<text x="${cx}" y="${cy}" text-anchor="middle" fill="#888" font-size="14">no delays were recorded</text>`,
    );
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function legendEntries(series: readonly DelaySeries[]): ChartSeries[] {
  // layoutLegend draws timeline series; these entries only borrow its swatch and wrapping.
  const entry = (label: string, color: string, dash?: string): ChartSeries => ({
    label,
    color,
    axis: 'left',
    ...(dash ? { dash } : {}),
    value: () => null,
  });
  return [
    ...series.map((s) => entry(`${s.label}, n=${formatCount(s.values.length)}`, s.color)),
    entry('p50 / p95 / p99 (nearest rank)', DEFAULT_WINDOW_COLOR, MARK_DASH),
  ];
}

/** Log when the positive values span more than two decades (max > 100 x min), linear from 0 otherwise. */
function buildXAxis(values: readonly number[], plot: Plot): XAxis {
  const positive = values.filter((v) => v > 0);
  const lo = positive.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
  const hi = values.reduce((a, b) => Math.max(a, b), 0);
  if (positive.length > 0 && hi / lo > 100) {
    const first = Math.floor(Math.log10(lo));
    const last = Math.max(Math.ceil(Math.log10(hi)), first + 1);
    const toLog = linearScale(first, last, plot.left, plot.right);
    const min = 10 ** first;
    // With few decades there is room to label 2 and 5 as well; beyond that only the powers of ten.
    const labelled = last - first <= 4 ? [1, 2, 5] : [1];
    const ticks: { value: number; label: string | null }[] = [];
    for (let decade = first; decade <= last; decade++) {
      for (const m of decade === last ? [1] : [1, 2, 3, 4, 5, 6, 7, 8, 9]) {
        const value = m * 10 ** decade;
        ticks.push({ value, label: labelled.includes(m) ? formatLogTick(value) : null });
      }
    }
    return { log: true, scale: (v) => toLog(Math.log10(Math.max(v, min))), ticks };
  }
  const axis = niceTicks(hi, { target: 8 });
  const toLinear = linearScale(0, axis.max, plot.left, plot.right);
  return {
    log: false,
    scale: (v) => toLinear(Math.max(v, 0)),
    ticks: axis.ticks.map((value) => ({ value, label: formatTick(value, axis) })),
  };
}

function formatLogTick(value: number): string {
  const short = (v: number) => String(Number(v.toPrecision(3)));
  if (value >= 1_000_000) return `${short(value / 1_000_000)}M`;
  if (value >= 1_000) return `${short(value / 1_000)}k`;
  return short(value);
}

function renderAxes(plot: Plot, x: XAxis, y: (v: number) => number): string[] {
  const out: string[] = [];
  for (let share = 0; share <= 100; share += 20) {
    const py = coord(y(share));
    out.push(
      `<line x1="${plot.left}" y1="${py}" x2="${plot.right}" y2="${py}" stroke="#e6e6e6"/>`,
      `<text x="${plot.left - 6}" y="${py}" text-anchor="end" dominant-baseline="middle" fill="#444">${share}%</text>`,
    );
  }
  for (const tick of x.ticks) {
    const px = coord(x.scale(tick.value));
    // Unlabelled log ticks (3, 4, 6...) get a fainter grid line: they show the scale is not linear.
    out.push(
      `<line x1="${px}" y1="${plot.top}" x2="${px}" y2="${plot.bottom}" stroke="${tick.label === null ? '#f3f3f3' : '#e6e6e6'}"/>`,
    );
    if (tick.label === null) continue;
    out.push(
      `<line class="x-tick" data-value="${tick.value}" x1="${px}" y1="${plot.bottom}" x2="${px}" y2="${plot.bottom + 4}" stroke="#444"/>`,
      `<text x="${px}" y="${plot.bottom + 17}" text-anchor="middle" fill="#444">${escapeXml(tick.label)}</text>`,
    );
  }
  return out;
}

/**
 * The empirical distribution as a step path: flat at the share so far, rising at each value.
 * Values that land on the same tenth of a pixel are merged, so ten thousand requests still make
 * a path of at most one step per pixel column.
 */
function renderCurve(s: DelaySeries, plot: Plot, x: XAxis, y: (v: number) => number): string[] {
  const n = s.values.length;
  if (n === 0) return [];
  const steps: { px: string; share: number }[] = [];
  s.values.forEach((v, i) => {
    const px = coord(x.scale(v));
    const share = ((i + 1) / n) * 100;
    const last = steps.at(-1);
    if (last && last.px === px) last.share = share;
    else steps.push({ px, share });
  });
  const parts = [`M${plot.left},${coord(y(0))}`];
  for (const step of steps) parts.push(`H${step.px}`, `V${coord(y(step.share))}`);
  parts.push(`H${plot.right}`);
  return [
    `<path class="cdf" data-series="${s.key}" d="${parts.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2" stroke-linejoin="round"/>`,
  ];
}

interface PercentileMark {
  readonly series: DelaySeries;
  readonly p: number;
  readonly value: number;
  /** Where the curve reaches p %: on the riser of the step at the percentile's value. */
  readonly x: number;
  readonly y: number;
  readonly text: string;
}

function percentileMarks(s: DelaySeries, x: XAxis, y: (v: number) => number): PercentileMark[] {
  return DELAY_PERCENTILES.flatMap((p) => {
    const value = nearestRankPercentile(s.values, p);
    if (value === null) return [];
    return [{ series: s, p, value, x: x.scale(value), y: y(p), text: `p${p} ${formatDelay(value)}` }];
  });
}

function renderMarkLine(m: PercentileMark, plot: Plot): string[] {
  const [px, py] = [coord(m.x), coord(m.y)];
  return [
    `<line class="percentile-mark" data-series="${m.series.key}" data-p="${m.p}" data-value="${m.value}" x1="${px}" y1="${py}" x2="${px}" y2="${plot.bottom}" stroke="${m.series.color}" stroke-width="1.2" stroke-dasharray="${MARK_DASH}"/>`,
    `<circle cx="${px}" cy="${py}" r="3.5" fill="${m.series.color}" stroke="#ffffff" stroke-width="1.5"/>`,
  ];
}

interface PlacedLabel {
  readonly mark: PercentileMark;
  readonly anchor: 'start' | 'end';
  /** Where the text starts (anchor start) or ends (anchor end). */
  readonly textX: number;
  readonly left: number;
  readonly right: number;
  /** Where the label would sit if nothing were in its way. */
  readonly wantedY: number;
  y: number;
}

/**
 * A cumulative curve leaves two regions empty around each of its points: above-left (the curve
 * is lower before the point) and below-right (it is higher after it). So a label goes above and
 * to the left of its dot, or below and to the right, on its series' side unless that side runs
 * off the chart (the right margin may take a label). Labels that still overlap (p95 and p99 are a few pixels apart) are pushed down
 * one line at a time, top first, and a displaced label gets a leader back to its dot.
 */
function placeLabels(marks: readonly PercentileMark[], plot: Plot, width: number): PlacedLabel[] {
  const wanted = marks.map((mark) => {
    const textWidth = mark.text.length * LABEL_CHAR_WIDTH;
    const fitsLeft = mark.x - LABEL_GAP - textWidth >= plot.left + 2;
    const fitsRight = mark.x + LABEL_GAP + textWidth <= width - 4;
    const left = mark.series.labelSide === 'left' ? fitsLeft || !fitsRight : !(fitsRight || !fitsLeft);
    const textX = left ? mark.x - LABEL_GAP : mark.x + LABEL_GAP;
    // The top label may rise into the gap above the frame; nothing may sink below the axis.
    const wantedY = clamp(
      left ? mark.y - LABEL_OFFSET : mark.y + LABEL_OFFSET,
      plot.top - PLOT_GAP + LABEL_LINE / 2,
      plot.bottom - LABEL_LINE / 2,
    );
    return {
      mark,
      anchor: left ? ('end' as const) : ('start' as const),
      textX,
      left: left ? textX - textWidth : textX,
      right: left ? textX : textX + textWidth,
      wantedY,
      y: wantedY,
    };
  });
  const placed: PlacedLabel[] = [];
  for (const label of wanted.sort((a, b) => a.wantedY - b.wantedY || a.textX - b.textX)) {
    for (let clash = findClash(label, placed); clash; clash = findClash(label, placed))
      label.y = clash.y + LABEL_LINE;
    placed.push(label);
  }
  return placed;
}

function findClash(label: PlacedLabel, placed: readonly PlacedLabel[]): PlacedLabel | undefined {
  return placed.find(
    (p) => p.left < label.right + 4 && label.left < p.right + 4 && Math.abs(p.y - label.y) < LABEL_LINE,
  );
}

function renderMarkLabel(label: PlacedLabel): string[] {
  const { mark } = label;
  const out: string[] = [];
  if (Math.abs(label.y - label.wantedY) > 3) {
    const edge = label.anchor === 'end' ? label.textX + 2 : label.textX - 2;
    out.push(
      `<line x1="${coord(mark.x)}" y1="${coord(mark.y)}" x2="${coord(edge)}" y2="${coord(label.y)}" stroke="${mark.series.color}" stroke-width="0.8"/>`,
    );
  }
  out.push(
    `<text class="percentile-label" data-series="${mark.series.key}" data-p="${mark.p}" x="${coord(label.textX)}" y="${coord(label.y)}" text-anchor="${label.anchor}" dominant-baseline="middle" font-size="11" font-weight="bold" fill="${mark.series.color}" ${HALO}>${escapeXml(mark.text)}</text>`,
  );
  return out;
}

function renderAxisTitles(plot: Plot, height: number, x: XAxis, below: number): string[] {
  const midY = coord((plot.top + plot.bottom) / 2);
  const scale = x.log ? 'delay (ms, log scale)' : 'delay (ms)';
  const what = x.log ? 'value(s) of 0 ms or less' : 'negative value(s)';
  const edge = below > 0 ? `; ${formatCount(below)} ${what} drawn at the left edge` : '';
  return [
    `<text x="${coord((plot.left + plot.right) / 2)}" y="${height - 10}" text-anchor="middle" fill="#222">${escapeXml(scale + edge)}</text>`,
    `<text x="18" y="${midY}" transform="rotate(-90 18 ${midY})" text-anchor="middle" fill="#222">share of requests</text>`,
  ];
}

function sortedFinite(values: readonly number[]): number[] {
  return values.filter(Number.isFinite).sort((a, b) => a - b);
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}

function positiveOr(v: number | undefined, fallback: number): number {
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : fallback;
}
