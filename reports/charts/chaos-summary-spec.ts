/**
 * The chaos summary's picture: one small timeline per scenario (answers per second by outcome,
 * the fault window shaded, the main queue's depth as a line), two to a row, each on its own
 * time axis since the scenarios differ in length.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { QueueSample } from '../../invariants/history';
import { OUTCOME_COLORS, OUTCOME_LABELS, OUTCOMES, type TimedOperation } from './operations';
import { outcomesPerSecond } from './outcomes-spec';
import type { ReportChart } from './render';
import { colorBy, stackedBarsLayer, VEGA_LITE_SCHEMA } from './vega-parts';
import { type ChartWindow, seconds, timeFrame, windowLayers, xEncoding } from './windows';

export interface ScenarioTimeline {
  readonly name: string;
  /** PASS, FAIL or UNKNOWN: part of the small chart's title. */
  readonly verdict: string;
  readonly operations: readonly TimedOperation[];
  readonly samples: readonly QueueSample[];
  readonly windows: readonly ChartWindow[];
  /** Epoch ms shown as 0 s; the first reading when absent (a scenario's stack set-up is not charted). */
  readonly origin?: number;
}

const SMALL_WIDTH = 380;
const SMALL_HEIGHT = 110;
const DEPTH_LABEL = 'main queue depth (right axis)';

export function chaosSummaryChart(scenarios: readonly ScenarioTimeline[]): ReportChart {
  const title = 'Every scenario: answers per second, fault window shaded';
  return { name: 'scenarios', title, spec: chaosSummarySpec(scenarios, title) };
}

export function chaosSummarySpec(scenarios: readonly ScenarioTimeline[], title: string): TopLevelSpec {
  const domain = [...OUTCOMES.map((o) => OUTCOME_LABELS[o]), DEPTH_LABEL];
  const range = [...OUTCOMES.map((o) => OUTCOME_COLORS[o]), '#1f77b4'];
  const color = colorBy('series', domain, range);
  const charts = scenarios.map((s) => {
    const frame = timeFrame(
      [
        ...s.operations.map((op) => op.sentAt),
        ...s.samples.map((x) => x.time),
        ...s.windows.map((w) => w.to),
      ],
      SMALL_WIDTH,
      s.origin,
    );
    const bars = outcomesPerSecond(frame, s.operations).map((b) => ({ ...b, series: b.outcome }));
    const depth = s.samples.map((x) => ({
      t: seconds(frame, x.time),
      depth: x.visible + x.notVisible,
      series: DEPTH_LABEL,
    }));
    return {
      title: { text: `${s.name} · ${s.verdict}`, fontSize: 12 },
      width: SMALL_WIDTH,
      height: SMALL_HEIGHT,
      layer: [
        stackedBarsLayer(frame, bars, 'answers/s', color),
        ...windowLayers(frame, s.windows, SMALL_HEIGHT),
        {
          data: { values: depth },
          mark: { type: 'line', strokeWidth: 1.5 },
          encoding: {
            x: xEncoding(frame),
            y: { field: 'depth', type: 'quantitative', title: 'depth', axis: { orient: 'right' } },
            color,
          },
        },
      ],
      resolve: { scale: { y: 'independent' } },
    };
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    columns: 2,
    concat: charts,
    // One x scale per small chart: the scenarios do not share a clock.
    resolve: { scale: { x: 'independent' } },
  } as TopLevelSpec;
}
