/**
 * The run timeline as a dependency-free SVG: queue depth against the left axis, the event's
 * capacityRemaining against the right, over seconds since the run started, with the worker-off
 * (and chaos) windows shaded and the phases marked. It is the picture the runbook asks to
 * capture by hand: depth rising while the worker is off, then falling while capacity drops.
 */
import type { PhaseMark, QueueSample } from '../invariants/history';
import { DEFAULT_WINDOW_COLOR, LEGEND_ROW_HEIGHT, layoutLegend } from './chart-legend';
import { type AxisTicks, coord, formatTick, linearScale, niceTicks } from './chart-scale';
import { finiteOrNull, renderSeries, seriesMax, TIMELINE_SERIES } from './chart-series';
import type { ChartWindow } from './chart-windows';
import { escapeXml } from './xml-escape';

export type { ChartWindow } from './chart-windows';

export interface TimelineInput {
  readonly samples: readonly QueueSample[];
  readonly phases?: readonly PhaseMark[];
  readonly windows?: readonly ChartWindow[];
  /** Epoch ms shown as 0 s; the earliest sample or phase when absent. */
  readonly origin?: number;
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
}

const FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";
const MARGIN = { left: 64, right: 72, bottom: 46 } as const;
const LEGEND_TOP = 40;
// A white outline under labels that cross lines or shading keeps them legible.
const HALO = 'paint-order="stroke" stroke="#ffffff" stroke-width="3" stroke-linejoin="round"';

interface Plot {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export function renderTimelineSvg(input: TimelineInput): string {
  const width = positiveOr(input.width, 900);
  const height = positiveOr(input.height, 360);
  const title = input.title ?? 'Queue depth and capacity over the run';
  const samples = input.samples.filter((s) => Number.isFinite(s.time)).sort((a, b) => a.time - b.time);
  const phases = (input.phases ?? []).filter((p) => Number.isFinite(p.startedAt));
  const windows = (input.windows ?? []).filter((w) => Number.isFinite(w.from) && Number.isFinite(w.to));

  const origin = input.origin ?? firstTime(samples, phases, windows);
  const end = lastTime(samples, phases, windows, origin);
  const legend = layoutLegend(TIMELINE_SERIES, windows, {
    left: MARGIN.left,
    top: LEGEND_TOP,
    right: width - 8,
  });
  const plot: Plot = {
    left: MARGIN.left,
    right: width - MARGIN.right,
    top: LEGEND_TOP + legend.rows * LEGEND_ROW_HEIGHT + 4,
    bottom: height - MARGIN.bottom,
  };

  const xTicks = niceTicks((end - origin) / 1000, { target: 8 });
  const leftMax = seriesMax(
    samples,
    TIMELINE_SERIES.filter((s) => s.axis === 'left'),
  );
  const leftTicks = niceTicks(leftMax, { headroom: true });
  const rightMax = seriesMax(
    samples,
    TIMELINE_SERIES.filter((s) => s.axis === 'right'),
  );
  const rightTicks = niceTicks(rightMax, { headroom: true });
  const capacitySeen = samples.some((s) => finiteOrNull(s.capacityRemaining) !== null);
  const x = linearScale(0, xTicks.max, plot.left, plot.right);
  const xAt = (epochMs: number) => x((epochMs - origin) / 1000);
  const yLeft = linearScale(0, leftTicks.max, plot.bottom, plot.top);
  const yRight = linearScale(0, rightTicks.max, plot.bottom, plot.top);
  const plotWidth = coord(plot.right - plot.left);
  const plotHeight = coord(plot.bottom - plot.top);

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title" font-family="${escapeXml(FONT)}" font-size="12">`,
    `<title id="chart-title">${escapeXml(title)}</title>`,
    // Opaque, so dark text stays readable on GitHub's dark theme.
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<defs><clipPath id="plot-area"><rect x="${plot.left}" y="${plot.top}" width="${plotWidth}" height="${plotHeight}"/></clipPath></defs>`,
    `<text x="${plot.left}" y="22" font-size="15" font-weight="bold" fill="#222">${escapeXml(title)}</text>`,
    ...legend.elements,
    ...renderAxes(plot, {
      x,
      xTicks,
      yLeft,
      leftTicks,
      yRight,
      rightTicks: capacitySeen ? rightTicks : null,
    }),
    `<g clip-path="url(#plot-area)">`,
    ...windows.flatMap((w, i) => renderWindow(w, i, plot, xAt)),
    ...TIMELINE_SERIES.flatMap((series) =>
      renderSeries(samples, series, (s) => xAt(s.time), series.axis === 'left' ? yLeft : yRight),
    ),
    '</g>',
    ...phases.flatMap((phase) => renderPhaseMark(phase, plot, xAt)),
    `<rect x="${plot.left}" y="${plot.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#444"/>`,
    ...renderAxisTitles(plot, width, height),
  ];
  if (samples.length === 0) {
    const [cx, cy] = [coord((plot.left + plot.right) / 2), coord((plot.top + plot.bottom) / 2)];
    out.push(
      `<text x="${cx}" y="${cy}" text-anchor="middle" fill="#888" font-size="14">no queue samples were collected</text>`,
    );
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function renderAxes(
  plot: Plot,
  a: {
    x: (v: number) => number;
    xTicks: AxisTicks;
    yLeft: (v: number) => number;
    leftTicks: AxisTicks;
    yRight: (v: number) => number;
    rightTicks: AxisTicks | null;
  },
): string[] {
  const out: string[] = [];
  for (const t of a.leftTicks.ticks) {
    const y = coord(a.yLeft(t));
    out.push(
      `<line x1="${plot.left}" y1="${y}" x2="${plot.right}" y2="${y}" stroke="#e6e6e6"/>`,
      `<text x="${plot.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="#444">${formatTick(t, a.leftTicks)}</text>`,
    );
  }
  // No right-hand numbers when no capacity was read: an empty scale would suggest a reading of 0.
  for (const t of a.rightTicks?.ticks ?? []) {
    const y = coord(a.yRight(t));
    out.push(
      `<line x1="${plot.right}" y1="${y}" x2="${plot.right + 4}" y2="${y}" stroke="#2a7a2a"/>`,
      `<text x="${plot.right + 7}" y="${y}" dominant-baseline="middle" fill="#2a7a2a">${formatTick(t, a.rightTicks ?? a.leftTicks)}</text>`,
    );
  }
  for (const t of a.xTicks.ticks) {
    const px = coord(a.x(t));
    out.push(
      `<line x1="${px}" y1="${plot.bottom}" x2="${px}" y2="${plot.bottom + 4}" stroke="#444"/>`,
      `<text x="${px}" y="${plot.bottom + 17}" text-anchor="middle" fill="#444">${formatTick(t, a.xTicks)}</text>`,
    );
  }
  return out;
}

function renderWindow(w: ChartWindow, index: number, plot: Plot, xAt: (ms: number) => number): string[] {
  const from = Math.max(plot.left, Math.min(xAt(w.from), xAt(w.to)));
  const to = Math.min(plot.right, Math.max(xAt(w.from), xAt(w.to)));
  if (to < from) return [];
  const color = escapeXml(w.color ?? DEFAULT_WINDOW_COLOR);
  // Labelled at the bottom because phase labels hang from the top; overlapping windows stagger
  // their labels so they do not print over each other.
  const labelX = coord(from + 4);
  const labelY = coord(plot.bottom - 7 - 14 * (index % 3));
  return [
    `<rect class="window" x="${coord(from)}" y="${plot.top}" width="${coord(Math.max(to - from, 1))}" height="${coord(plot.bottom - plot.top)}" fill="${color}" fill-opacity="0.18"/>`,
    `<text x="${labelX}" y="${labelY}" font-size="11" fill="#333" ${HALO}>${escapeXml(w.label)}</text>`,
  ];
}

function renderPhaseMark(phase: PhaseMark, plot: Plot, xAt: (ms: number) => number): string[] {
  const px = xAt(phase.startedAt);
  if (px < plot.left - 0.5 || px > plot.right + 0.5) return [];
  const [lx, ly] = [coord(px + 12), plot.top + 4];
  return [
    `<line class="phase" x1="${coord(px)}" y1="${plot.top}" x2="${coord(px)}" y2="${plot.bottom}" stroke="#555" stroke-dasharray="3 3"/>`,
    // Vertical, running down from the top along its line, so that close phases stay legible.
    `<text x="${lx}" y="${ly}" transform="rotate(-90 ${lx} ${ly})" text-anchor="end" font-size="11" fill="#555" ${HALO}>${escapeXml(phase.name)}</text>`,
  ];
}

function renderAxisTitles(plot: Plot, width: number, height: number): string[] {
  const midY = coord((plot.top + plot.bottom) / 2);
  return [
    `<text x="${coord((plot.left + plot.right) / 2)}" y="${height - 10}" text-anchor="middle" fill="#222">elapsed (s)</text>`,
    `<text x="18" y="${midY}" transform="rotate(-90 18 ${midY})" text-anchor="middle" fill="#222">queue depth (messages)</text>`,
    `<text x="${width - 14}" y="${midY}" transform="rotate(90 ${width - 14} ${midY})" text-anchor="middle" fill="#2a7a2a">capacityRemaining</text>`,
  ];
}

function firstTime(
  samples: readonly QueueSample[],
  phases: readonly PhaseMark[],
  windows: readonly ChartWindow[],
): number {
  const times = [...samples.map((s) => s.time), ...phases.map((p) => p.startedAt)];
  if (times.length === 0) times.push(...windows.map((w) => Math.min(w.from, w.to)));
  // reduce, not Math.min(...times): a long run can hold more samples than the call stack has room for.
  return times.length > 0 ? times.reduce((a, b) => Math.min(a, b)) : 0;
}

/** At least one second after the origin, so a single sample still gets an x axis. */
function lastTime(
  samples: readonly QueueSample[],
  phases: readonly PhaseMark[],
  windows: readonly ChartWindow[],
  origin: number,
): number {
  const times = [
    ...samples.map((s) => s.time),
    ...phases.flatMap((p) => [p.startedAt, p.endedAt ?? p.startedAt]),
    ...windows.flatMap((w) => [w.from, w.to]),
  ].filter(Number.isFinite);
  return Math.max(
    times.reduce((a, b) => Math.max(a, b), origin),
    origin + 1000,
  );
}

function positiveOr(v: number | undefined, fallback: number): number {
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : fallback;
}
