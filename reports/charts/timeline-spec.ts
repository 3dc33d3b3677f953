/**
 * The G0 timeline: queue depth (visible, in flight, DLQ) on the left axis and the event's
 * capacityRemaining on the right, with the worker-off (or fault) windows shaded and the phases
 * marked. The picture the runbook asks to capture by hand: depth rising while the worker is
 * off, then falling while capacity drops.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PhaseMark, QueueSample } from '../../invariants/history';
import type { ReportChart } from './render';
import { colorBy, type TimeChartInput, timeChartSpec } from './vega-parts';
import { emptyNoteLayers, phaseLayers, seconds, windowLayers, xEncoding } from './windows';

export interface TimelineInput extends TimeChartInput {
  readonly samples: readonly QueueSample[];
  readonly phases?: readonly PhaseMark[];
}

export const DEPTH_SERIES = [
  { key: 'visible', label: 'visible', color: '#1f77b4' },
  { key: 'notVisible', label: 'in flight', color: '#ff7f0e' },
  { key: 'dlqVisible', label: 'DLQ', color: '#d62728' },
] as const;
export const CAPACITY_LABEL = 'capacityRemaining (right axis)';
const CAPACITY_COLOR = '#2ca02c';

export function timelineChart(input: TimelineInput): ReportChart {
  const title = input.title ?? 'Queue depth and capacity over the run';
  return { name: 'timeline', title, spec: timelineSpec(input, title) };
}

export function timelineSpec(input: TimelineInput, title: string): TopLevelSpec {
  const height = input.height ?? 300;
  const { frame } = input;
  const samples = input.samples.filter((s) => Number.isFinite(s.time));
  const depth = samples.flatMap((s) =>
    DEPTH_SERIES.map((series) => ({ t: seconds(frame, s.time), series: series.label, value: s[series.key] })),
  );
  // A capacity that could not be read stays null, which breaks the line instead of drawing a 0.
  const capacity = samples.map((s) => ({
    t: seconds(frame, s.time),
    series: CAPACITY_LABEL,
    capacity: Number.isFinite(s.capacityRemaining) ? s.capacityRemaining : null,
  }));
  const color = colorBy(
    'series',
    [...DEPTH_SERIES.map((s) => s.label), CAPACITY_LABEL],
    [...DEPTH_SERIES.map((s) => s.color), CAPACITY_COLOR],
  );
  const layers: object[] = [
    ...windowLayers(frame, input.windows ?? [], height),
    {
      data: { values: depth },
      mark: { type: 'line', strokeWidth: 2, interpolate: 'step-after', invalid: 'break-paths-show-domains' },
      encoding: {
        x: xEncoding(frame),
        y: { field: 'value', type: 'quantitative', title: 'queue depth (messages)' },
        color,
      },
    },
    {
      data: { values: capacity },
      mark: { type: 'line', strokeWidth: 2, strokeDash: [7, 4], invalid: 'break-paths-show-domains' },
      encoding: {
        x: xEncoding(frame),
        y: {
          field: 'capacity',
          type: 'quantitative',
          title: 'capacityRemaining',
          axis: { orient: 'right', titleColor: CAPACITY_COLOR, labelColor: CAPACITY_COLOR },
        },
        color,
      },
    },
    ...phaseLayers(frame, input.phases ?? []),
    ...(samples.length === 0 ? emptyNoteLayers('no queue samples were collected', frame.width, height) : []),
  ];
  return timeChartSpec(title, frame, height, layers, { resolve: { scale: { y: 'independent' } } });
}
