/** G1's result mix: events per resultCode (or finalStatus), largest first, the DLQ share apart. */
import type { TopLevelSpec } from 'vega-lite';
import type { ReportChart } from './render';
import { barEndCountLayer, colorBy, VEGA_LITE_SCHEMA } from './vega-parts';

export interface ResultMixRow {
  readonly result: string;
  readonly count: number;
  /** Events of this result that went through the DLQ. */
  readonly dlq: boolean;
}

export function resultMixChart(rows: readonly ResultMixRow[], title = 'Result mix (events)'): ReportChart {
  return { name: 'result-mix', title, spec: resultMixSpec(rows, title) };
}

export function resultMixSpec(rows: readonly ResultMixRow[], title: string): TopLevelSpec {
  const values = rows.map((r) => ({ ...r, route: r.dlq ? 'through the DLQ' : 'processed' }));
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.result, (totals.get(r.result) ?? 0) + r.count);
  // Largest first, sorted here: Vega-Lite cannot sort a domain shared by two layers by a sum.
  const order = [...totals.entries()].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([k]) => k);
  const totalRows = order.map((result) => ({ result, total: totals.get(result) ?? 0 }));
  const y = { field: 'result', type: 'nominal', sort: order, title: null } as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    width: 700,
    height: { step: 24 },
    data: { values },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y,
          x: { aggregate: 'sum', field: 'count', type: 'quantitative', title: 'events', stack: 'zero' },
          color: colorBy('route', ['processed', 'through the DLQ'], ['#4c78a8', '#d62728']),
        },
      },
      { data: { values: totalRows }, ...barEndCountLayer(y, 'total') },
    ],
  } as TopLevelSpec;
}
