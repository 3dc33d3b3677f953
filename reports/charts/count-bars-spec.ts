/** Counts by label as horizontal bars, largest first, the ones that break a rule in red. */
import type { TopLevelSpec } from 'vega-lite';
import type { ReportChart } from './render';
import { barEndCountLayer, colorBy, VEGA_LITE_SCHEMA } from './vega-parts';

export interface CountBar {
  readonly label: string;
  readonly count: number;
  /** Drawn red: a count that should not be there (a 5xx in a fuzz run). */
  readonly bad?: boolean;
}

export function countBarsChart(
  name: string,
  title: string,
  bars: readonly CountBar[],
  axisTitle: string,
): ReportChart {
  return { name, title, spec: countBarsSpec(title, bars, axisTitle) };
}

export function countBarsSpec(title: string, bars: readonly CountBar[], axisTitle: string): TopLevelSpec {
  const values = [...bars]
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
    .map((b) => ({ ...b, kind: b.bad ? 'unexpected' : 'expected' }));
  const y = { field: 'label', type: 'nominal', sort: values.map((v) => v.label), title: null } as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    width: 620,
    height: { step: 20 },
    data: { values },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y,
          x: { field: 'count', type: 'quantitative', title: axisTitle },
          color: colorBy('kind', ['expected', 'unexpected'], ['#4c78a8', '#d62728']),
        },
      },
      barEndCountLayer(y, 'count'),
    ],
  } as TopLevelSpec;
}
