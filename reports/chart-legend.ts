import { coord } from './chart-scale';
import type { ChartSeries } from './chart-series';
import type { ChartWindow } from './chart-windows';
import { escapeXml } from './xml-escape';

export const DEFAULT_WINDOW_COLOR = '#9e9e9e';
export const LEGEND_ROW_HEIGHT = 18;
// Rough advance of a 12 px sans-serif glyph; only used to decide where the legend wraps.
const CHAR_WIDTH = 6.5;

export interface LegendLayout {
  readonly rows: number;
  readonly elements: readonly string[];
}

/** One entry per series and per distinct window (label and colour), wrapped to the chart width. */
export function layoutLegend(
  series: readonly ChartSeries[],
  windows: readonly ChartWindow[],
  box: { left: number; top: number; right: number },
): LegendLayout {
  const items = series.map((s) => ({
    label: s.label,
    swatch: `<line x1="0" y1="0" x2="18" y2="0" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`,
  }));
  const seen = new Set<string>();
  for (const w of windows) {
    const color = w.color ?? DEFAULT_WINDOW_COLOR;
    const key = JSON.stringify([w.label, color]);
    if (seen.has(key)) continue;
    seen.add(key);
    items.push({
      label: w.label,
      swatch: `<rect x="0" y="-6" width="18" height="12" fill="${escapeXml(color)}" fill-opacity="0.35"/>`,
    });
  }

  const elements: string[] = [];
  let x = box.left;
  let row = 0;
  for (const item of items) {
    const itemWidth = 24 + item.label.length * CHAR_WIDTH + 14;
    if (x + itemWidth > box.right && x > box.left) {
      row += 1;
      x = box.left;
    }
    const y = box.top + row * LEGEND_ROW_HEIGHT;
    elements.push(
      `<g class="legend" transform="translate(${coord(x)} ${y})">${item.swatch}<text x="24" y="0" dominant-baseline="middle" fill="#222">${escapeXml(item.label)}</text></g>`,
    );
    x += itemWidth;
  }
  return { rows: row + 1, elements };
}
