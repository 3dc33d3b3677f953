/**
 * What the time charts share: seconds since the run started on x, shaded windows (worker off,
 * a chaos fault) and phase marks, with labels placed in lanes so that close ones never print over
 * each other. Label widths are estimated from the text length: the renderer has no canvas to
 * measure with, and an estimate that errs wide keeps the lanes apart.
 */
import type { PhaseMark, QueueSample } from '../../invariants/history';

/** A shaded span of a time chart: the worker-off window, a chaos fault, a network partition... */
export interface ChartWindow {
  readonly label: string;
  /** Epoch ms, like the samples. */
  readonly from: number;
  readonly to: number;
  /** Any CSS colour; grey when absent. */
  readonly color?: string;
}

export const WORKER_OFF_COLOR = '#9e9e9e';
export const FAULT_COLOR = '#e57373';

/** The time frame every time chart of one run shares, so that their x axes line up. */
export interface TimeFrame {
  /** Epoch ms shown as 0 s. */
  readonly origin: number;
  /** Seconds at the right edge. */
  readonly endSeconds: number;
  /** Width of the plot in pixels. */
  readonly width: number;
}

export const LABEL_FONT_SIZE = 11;
const CHAR_WIDTH = 0.62 * LABEL_FONT_SIZE;
export const LANE_HEIGHT = 13;

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

/** At least one second wide, so a single reading still gets an axis. */
export function timeFrame(times: readonly number[], width: number, origin?: number): TimeFrame {
  const finite = times.filter(Number.isFinite);
  // reduce, not Math.min(...): a long run holds more readings than the call stack has room for.
  const start = origin ?? (finite.length > 0 ? finite.reduce((a, b) => Math.min(a, b)) : 0);
  const end = finite.reduce((a, b) => Math.max(a, b), start);
  return { origin: start, endSeconds: Math.max((end - start) / 1000, 1), width };
}

export function seconds(frame: TimeFrame, epochMs: number): number {
  return (epochMs - frame.origin) / 1000;
}

export function estimateLabelWidth(text: string): number {
  return text.length * CHAR_WIDTH + 6;
}

/**
 * Greedy lanes: each label (sorted by x) takes the lowest lane whose previous label ends before
 * it starts. Returns the lane of every label in input order.
 */
export function assignLanes(labels: readonly { readonly x: number; readonly width: number }[]): number[] {
  const order = labels.map((label, index) => ({ ...label, index })).sort((a, b) => a.x - b.x);
  const laneEnds: number[] = [];
  const lanes = new Array<number>(labels.length).fill(0);
  for (const label of order) {
    let lane = laneEnds.findIndex((end) => end <= label.x);
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = label.x + label.width;
    lanes[label.index] = lane;
  }
  return lanes;
}

function pixelOf(frame: TimeFrame, epochMs: number): number {
  return (seconds(frame, epochMs) / frame.endSeconds) * frame.width;
}

export interface PlacedLabel {
  readonly text: string;
  /** Seconds, where the label starts. */
  readonly t: number;
  readonly lane: number;
}

export function placeLabels(frame: TimeFrame, items: readonly { text: string; at: number }[]): PlacedLabel[] {
  const visible = items.filter((item) => {
    const px = pixelOf(frame, item.at);
    return px >= -0.5 && px <= frame.width + 0.5;
  });
  // A label near the right edge would run off the plot: it is drawn right-aligned instead, so its
  // box for the lanes is the one to its left.
  const boxes = visible.map((item) => {
    const x = pixelOf(frame, item.at);
    const width = estimateLabelWidth(item.text);
    return { x: x + width > frame.width ? x - width : x, width };
  });
  const lanes = assignLanes(boxes);
  return visible.map((item, i) => ({ text: item.text, t: seconds(frame, item.at), lane: lanes[i] ?? 0 }));
}

export function xEncoding(frame: TimeFrame) {
  return {
    field: 't',
    type: 'quantitative',
    title: 'elapsed (s)',
    scale: { domain: [0, frame.endSeconds], nice: false, zero: true },
  } as const;
}

/** Shaded windows with their labels in lanes along the bottom of the plot. */
export function windowLayers(frame: TimeFrame, windows: readonly ChartWindow[], height: number): object[] {
  const shown = windows.filter((w) => Number.isFinite(w.from) && Number.isFinite(w.to));
  if (shown.length === 0) return [];
  const rects = shown.map((w) => ({
    t: Math.max(0, seconds(frame, Math.min(w.from, w.to))),
    t2: Math.min(frame.endSeconds, seconds(frame, Math.max(w.from, w.to))),
    label: w.label,
    color: w.color ?? WORKER_OFF_COLOR,
  }));
  const labels = placeLabels(
    frame,
    shown.map((w) => ({ text: w.label, at: Math.max(Math.min(w.from, w.to), frame.origin) })),
  ).map((l) => ({ ...l, y: height - 4 - l.lane * LANE_HEIGHT, align: alignFor(frame, l) }));
  // One layer per colour, the colour a mark property: a colour channel here would merge with the
  // series' legend and hide it.
  const colors = [...new Set(rects.map((r) => r.color))];
  return [
    ...colors.map((color) => ({
      data: { values: rects.filter((r) => r.color === color) },
      mark: { type: 'rect', opacity: 0.2, color },
      encoding: { x: xEncoding(frame), x2: { field: 't2' } },
    })),
    ...labelLayers(frame, labels, 'bottom', '#333333'),
  ];
}

/** Dashed rules at the start of every phase, names in lanes hanging from the top. */
export function phaseLayers(frame: TimeFrame, phases: readonly PhaseMark[]): object[] {
  const shown = phases.filter((p) => Number.isFinite(p.startedAt));
  if (shown.length === 0) return [];
  const labels = placeLabels(
    frame,
    shown.map((p) => ({ text: p.name, at: p.startedAt })),
  ).map((l) => ({ ...l, y: 3 + l.lane * LANE_HEIGHT, align: alignFor(frame, l) }));
  return [
    {
      data: { values: labels },
      mark: { type: 'rule', strokeDash: [3, 3], color: '#555555' },
      encoding: { x: xEncoding(frame) },
    },
    ...labelLayers(frame, labels, 'top', '#444444'),
  ];
}

function alignFor(frame: TimeFrame, label: PlacedLabel): 'left' | 'right' {
  const px = (label.t / frame.endSeconds) * frame.width;
  return px + estimateLabelWidth(label.text) > frame.width ? 'right' : 'left';
}

function labelLayers(
  frame: TimeFrame,
  labels: readonly (PlacedLabel & { y: number; align: 'left' | 'right' })[],
  baseline: 'top' | 'bottom',
  color: string,
): object[] {
  // Alignment is a mark property in Vega-Lite, not a channel: one layer per side.
  return (['left', 'right'] as const).flatMap((align) => {
    const values = labels.filter((l) => l.align === align);
    if (values.length === 0) return [];
    return [
      {
        data: { values },
        mark: {
          type: 'text',
          baseline,
          align,
          dx: align === 'left' ? 3 : -3,
          fontSize: LABEL_FONT_SIZE,
          color,
        },
        encoding: {
          x: xEncoding(frame),
          // Pixel positions computed by the lanes, not data: no scale.
          y: { field: 'y', type: 'quantitative', scale: null },
          text: { field: 'text' },
        },
      },
    ];
  });
}

/** Said in the plot when there is nothing to draw, so an empty chart is not read as a flat line at 0. */
export function emptyNoteLayers(text: string, width: number, height: number): object[] {
  return [
    {
      data: { values: [{ text }] },
      mark: { type: 'text', fontSize: 14, color: '#888888', align: 'center', baseline: 'middle' },
      encoding: {
        x: { value: width / 2 },
        y: { value: height / 2 },
        text: { field: 'text' },
      },
    },
  ];
}
