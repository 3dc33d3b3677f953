/**
 * The charts of a G0, G1 or chaos run, from what the run collected: the timeline from the queue
 * samples, latency and outcomes over time from the client operations, all on one time frame
 * (seconds since the run started) with the same shaded windows, so they line up on the page.
 */
import type { ParticipateOperation, PhaseMark, QueueSample } from '../invariants/history';
import { latencyChart } from './charts/latency-spec';
import { timedOperations } from './charts/operations';
import { outcomesChart } from './charts/outcomes-spec';
import type { ReportChart } from './charts/render';
import { timelineChart } from './charts/timeline-spec';
import { type ChartWindow, deriveWorkerOffWindows, timeFrame } from './charts/windows';

export const CHART_WIDTH = 860;

export interface RunChartInput {
  readonly title: string;
  readonly startedAt: number;
  readonly phases: readonly PhaseMark[];
  readonly samples: readonly QueueSample[];
  readonly operations: readonly ParticipateOperation[];
  /** The worker-off windows the samples show when absent. */
  readonly windows?: readonly ChartWindow[];
}

export function runCharts(input: RunChartInput): ReportChart[] {
  const operations = timedOperations(input.operations);
  const windows = input.windows ?? deriveWorkerOffWindows(input.samples);
  const frame = timeFrame(
    [
      input.startedAt,
      ...input.samples.map((s) => s.time),
      ...operations.map((op) => op.sentAt),
      ...input.phases.flatMap((p) => [p.startedAt, p.endedAt ?? p.startedAt]),
      ...windows.flatMap((w) => [w.from, w.to]),
    ],
    CHART_WIDTH,
    input.startedAt,
  );
  const charts = [
    timelineChart({
      samples: input.samples,
      phases: input.phases,
      windows,
      frame,
      title: `${input.title}: queue depth and capacity`,
    }),
  ];
  if (operations.length === 0) return charts;
  return [
    ...charts,
    latencyChart({ operations, windows, frame, title: `${input.title}: latency over time (by send time)` }),
    outcomesChart({
      operations,
      windows,
      frame,
      title: `${input.title}: outcomes per second (by send time)`,
    }),
  ];
}

/** The history arrives as `unknown` (it is written verbatim); only these parts are charted. */
export function chartableHistory(history: unknown): {
  samples: QueueSample[];
  operations: ParticipateOperation[];
} {
  if (typeof history !== 'object' || history === null) return { samples: [], operations: [] };
  const { samples, operations } = history as { samples?: unknown; operations?: unknown };
  return {
    samples: Array.isArray(samples) ? (samples as QueueSample[]) : [],
    operations: Array.isArray(operations) ? (operations as ParticipateOperation[]) : [],
  };
}
