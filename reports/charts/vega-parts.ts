/**
 * The Vega-Lite parts the chart specs share: the schema, a colour channel that gives every series
 * its own colour, the layered time chart over a run's time frame, the stacked bars of per-second
 * counts and the count at the end of a horizontal bar. One place for them, so that the charts of
 * a report look and line up alike.
 */
import type { TopLevelSpec } from 'vega-lite';
import { type ChartWindow, type TimeFrame, xEncoding } from './windows';

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** What every time chart is given besides its data; title and height have a default per chart. */
export interface TimeChartInput {
  readonly frame: TimeFrame;
  /** Shaded spans: the worker off, a chaos fault. */
  readonly windows?: readonly ChartWindow[];
  readonly title?: string;
  readonly height?: number;
}

/**
 * Colours by `field`: domain[i] is drawn in range[i]. The legend has no title: its entries are
 * the series' own names, which say what they are.
 */
export function colorBy(field: string, domain: readonly string[], range: readonly string[]) {
  return { field, type: 'nominal', title: null, scale: { domain, range } } as const;
}

/**
 * A chart of the run's time frame: its layers share the x axis of seconds since the run started,
 * and it is as wide as the frame, so that the time charts of one report line up on the page.
 */
export function timeChartSpec(
  title: string,
  frame: TimeFrame,
  height: number,
  layer: readonly object[],
  options: { readonly resolve?: object } = {},
): TopLevelSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    width: frame.width,
    height,
    layer,
    ...options,
  } as TopLevelSpec;
}

/**
 * The count printed just past the end of each horizontal bar, on the bars' own y channel, with
 * thousands separators: a reader gets the number without reading it off the axis.
 */
export function barEndCountLayer(y: object, field: string): object {
  return {
    mark: { type: 'text', align: 'left', dx: 4 },
    encoding: {
      y,
      x: { field, type: 'quantitative' },
      text: { field, type: 'quantitative', format: ',' },
    },
  };
}

/**
 * Bars from t to t2 and from y0 to y1, stacked beforehand (outcomesPerSecond) rather than by
 * Vega-Lite, so the order of the stack holds in every layout.
 */
export function stackedBarsLayer(
  frame: TimeFrame,
  values: readonly object[],
  yTitle: string,
  color: ReturnType<typeof colorBy>,
): object {
  return {
    data: { values },
    mark: { type: 'rect' },
    encoding: {
      x: xEncoding(frame),
      x2: { field: 't2' },
      y: { field: 'y0', type: 'quantitative', title: yTitle },
      y2: { field: 'y1' },
      color,
    },
  };
}
