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
import type { ReportLang } from './report-document';

export const CHART_WIDTH = 860;

/** Chart titles after the run's title; the series names stay the terms of the contract. */
const TITLES: Readonly<Record<ReportLang, Readonly<Record<'timeline' | 'latency' | 'outcomes', string>>>> = {
  en: {
    timeline: 'queue depth and capacity',
    latency: 'latency over time (by send time)',
    outcomes: 'outcomes per second (by send time)',
  },
  ko: {
    timeline: '큐 깊이와 capacityRemaining',
    latency: '요청 지연 시간 (보낸 시각 기준)',
    outcomes: '초당 결과 (보낸 시각 기준)',
  },
};

export interface RunChartInput {
  readonly title: string;
  readonly startedAt: number;
  readonly phases: readonly PhaseMark[];
  readonly samples: readonly QueueSample[];
  readonly operations: readonly ParticipateOperation[];
  /** The worker-off windows the samples show when absent. */
  readonly windows?: readonly ChartWindow[];
  readonly lang?: ReportLang;
}

export function runCharts(input: RunChartInput): ReportChart[] {
  const titles = TITLES[input.lang ?? 'en'];
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
      title: `${input.title}: ${titles.timeline}`,
    }),
  ];
  if (operations.length === 0) return charts;
  return [
    ...charts,
    latencyChart({ operations, windows, frame, title: `${input.title}: ${titles.latency}` }),
    outcomesChart({
      operations,
      windows,
      frame,
      title: `${input.title}: ${titles.outcomes}`,
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
