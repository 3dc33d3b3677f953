/**
 * Vega-Lite specs rendered headless in Node: compiled to Vega, laid out by a renderer-less View,
 * written as SVG; PNG from that SVG through resvg. No canvas and no browser are involved, so the
 * same code runs in CI and on a laptop, and the SVG is what the HTML report inlines.
 */
import { Resvg } from '@resvg/resvg-js';
import { type LoggerInterface, parse, View, Warn } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** One chart of a report: its file name (without extension), its caption and its spec. */
export interface ReportChart {
  /** Plain file name stem: `timeline` gives timeline.svg and timeline.png. */
  readonly name: string;
  readonly title: string;
  readonly spec: TopLevelSpec;
}

export interface RenderedChart {
  readonly name: string;
  readonly title: string;
  readonly svg: string;
  readonly png: Buffer;
  readonly warnings: readonly string[];
}

/** DejaVu Sans ships with Debian (fonts-dejavu-core); the generic family covers other machines. */
export const CHART_FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

/** Shared look: a white background (readable on GitHub's dark theme and on paper), one font. */
export const CHART_CONFIG = {
  background: '#ffffff',
  font: CHART_FONT,
  view: { stroke: '#888888' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6', labelLimit: 400 },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'top', labelLimit: 1000 },
  title: { fontSize: 14, anchor: 'start' },
} as const;

export interface ChartSvg {
  readonly svg: string;
  /** What Vega-Lite and Vega warned about: empty in a correct spec, asserted so by the tests. */
  readonly warnings: readonly string[];
}

export async function renderChartSvg(spec: TopLevelSpec): Promise<ChartSvg> {
  const warnings: string[] = [];
  // Collected instead of printed: a run's console is its progress, and the tests assert on them.
  const logger = collectingLogger(warnings);
  const withConfig = { ...spec, config: { ...CHART_CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec;
  const vega = compile(withConfig, { logger }).spec;
  const view = new View(parse(vega), { renderer: 'none', logger, logLevel: Warn });
  try {
    return { svg: await view.toSVG(), warnings };
  } finally {
    view.finalize();
  }
}

function collectingLogger(into: string[]): LoggerInterface {
  let level = Warn;
  const logger: LoggerInterface = {
    level(next?: number) {
      if (next === undefined) return level;
      level = next;
      return logger;
    },
    error(...args: unknown[]) {
      into.push(`error: ${args.map(String).join(' ')}`);
      return logger;
    },
    warn(...args: unknown[]) {
      into.push(args.map(String).join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** PNG at twice the SVG's size: sharp on high-density screens and in a printed PR comment. */
export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

export async function renderChart(chart: ReportChart): Promise<RenderedChart> {
  const { svg, warnings } = await renderChartSvg(chart.spec);
  return { name: chart.name, title: chart.title, svg, png: svgToPng(svg), warnings };
}
