/**
 * Outcomes over time: ok / fail / info answers per second, stacked, with the fault windows
 * shaded (Jepsen's rate view). A fault that turns into errors shows as red inside its window.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { OperationOutcome } from '../../invariants/history';
import { OUTCOME_COLORS, OUTCOME_LABELS, OUTCOMES, type TimedOperation } from './operations';
import type { ReportChart } from './render';
import { colorBy, stackedBarsLayer, type TimeChartInput, timeChartSpec } from './vega-parts';
import { emptyNoteLayers, seconds, type TimeFrame, windowLayers } from './windows';

export interface OutcomesInput extends TimeChartInput {
  readonly operations: readonly TimedOperation[];
}

export interface OutcomeBucket {
  /** Start of the second, seconds since the origin. */
  readonly t: number;
  readonly t2: number;
  readonly outcome: string;
  readonly count: number;
  /** The stacked bar's bottom and top: ok first, then fail, then info. */
  readonly y0: number;
  readonly y1: number;
}

/**
 * Counts per whole second of send time and outcome, stacked here rather than by Vega-Lite so the
 * order (ok at the bottom) holds in every layout. Seconds with no request have no bar.
 */
export function outcomesPerSecond(frame: TimeFrame, operations: readonly TimedOperation[]): OutcomeBucket[] {
  const bySecond = new Map<number, Record<OperationOutcome, number>>();
  for (const op of operations) {
    const second = Math.floor(seconds(frame, op.sentAt));
    const counts = bySecond.get(second) ?? { ok: 0, fail: 0, info: 0 };
    counts[op.type] += 1;
    bySecond.set(second, counts);
  }
  return [...bySecond.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([t, counts]) => {
      let y = 0;
      return OUTCOMES.flatMap((outcome) => {
        const count = counts[outcome];
        if (count === 0) return [];
        const bucket = { t, t2: t + 1, outcome: OUTCOME_LABELS[outcome], count, y0: y, y1: y + count };
        y += count;
        return [bucket];
      });
    });
}

export function outcomesChart(input: OutcomesInput): ReportChart {
  const title = input.title ?? 'Outcomes per second (by send time)';
  return { name: 'outcomes', title, spec: outcomesSpec(input, title) };
}

export function outcomesSpec(input: OutcomesInput, title: string): TopLevelSpec {
  const height = input.height ?? 220;
  const { frame } = input;
  const color = colorBy(
    'outcome',
    OUTCOMES.map((o) => OUTCOME_LABELS[o]),
    OUTCOMES.map((o) => OUTCOME_COLORS[o]),
  );
  return timeChartSpec(title, frame, height, [
    stackedBarsLayer(frame, outcomesPerSecond(frame, input.operations), 'requests per second', color),
    // Over the bars, translucent: under them the bars would hide the window.
    ...windowLayers(frame, input.windows ?? [], height),
    ...(input.operations.length === 0
      ? emptyNoteLayers('no client operation was recorded', frame.width, height)
      : []),
  ]);
}
