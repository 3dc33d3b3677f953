import { describe, expect, it } from 'vitest';
import { formatDelay, nearestRankPercentile, renderDelayDistributionSvg } from './delay-chart-svg';
import { xmlProblems } from './test-helpers';

function attr(element: string, name: string): string | undefined {
  return element.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
}

function elements(svg: string, prefix: string): string[] {
  return svg.split('\n').filter((line) => line.startsWith(prefix));
}

/** The x of each labelled tick on the x axis, by its value. */
function xTicks(svg: string): Map<number, number> {
  return new Map(
    elements(svg, '<line class="x-tick"').map((l) => [Number(attr(l, 'data-value')), Number(attr(l, 'x1'))]),
  );
}

function mark(svg: string, series: string, p: number): { x: number; value: number } {
  const line = elements(svg, '<line class="percentile-mark"').find(
    (l) => attr(l, 'data-series') === series && attr(l, 'data-p') === String(p),
  );
  if (line === undefined) throw new Error(`no p${p} mark for ${series}`);
  return { x: Number(attr(line, 'x1')), value: Number(attr(line, 'data-value')) };
}

function labels(svg: string): string[] {
  return elements(svg, '<text class="percentile-label"').map((l) =>
    l.slice(l.indexOf('>') + 1, l.lastIndexOf('<')),
  );
}

const oneToHundred = Array.from({ length: 100 }, (_, i) => 100 - i);

describe('nearestRankPercentile', () => {
  it('takes the value at rank ceil(p/100 * n), whatever the input order', () => {
    expect(nearestRankPercentile(oneToHundred, 50)).toBe(50);
    expect(nearestRankPercentile(oneToHundred, 95)).toBe(95);
    expect(nearestRankPercentile(oneToHundred, 99)).toBe(99);
    expect(nearestRankPercentile([3, 1, 2, 10, 4, 5, 9, 6, 8, 7], 95)).toBe(10);
    expect(nearestRankPercentile([3, 1, 2, 10, 4, 5, 9, 6, 8, 7], 50)).toBe(5);
    // Rank 4.1 is rank 5: at least 41 % of ten values means five of them.
    expect(nearestRankPercentile([3, 1, 2, 10, 4, 5, 9, 6, 8, 7], 41)).toBe(5);
  });

  it('does not round a rank up because of floating point (7 % of 100 is rank 7)', () => {
    expect(nearestRankPercentile(oneToHundred, 7)).toBe(7);
    expect(nearestRankPercentile(oneToHundred, 29)).toBe(29);
  });

  it('gives the minimum at p = 0, the only value for one value, and null for none', () => {
    expect(nearestRankPercentile([4, 2, 9], 0)).toBe(2);
    expect(nearestRankPercentile([42], 99)).toBe(42);
    expect(nearestRankPercentile([], 50)).toBeNull();
    expect(nearestRankPercentile([Number.NaN], 50)).toBeNull();
  });

  it('leaves its input unsorted and refuses a percentile outside 0..100', () => {
    const values = [3, 1, 2];
    nearestRankPercentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
    expect(() => nearestRankPercentile(values, 0.95 * 1000)).toThrow(RangeError);
  });
});

describe('renderDelayDistributionSvg', () => {
  it('marks p50, p95 and p99 of each curve at their values on a linear axis', () => {
    // Prepare: queue 11..110 ms, end-to-end 21..120 ms (about one decade: linear)
    const queue = oneToHundred.map((v) => v + 10);
    const endToEnd = oneToHundred.map((v) => v + 20);

    // Act
    const svg = renderDelayDistributionSvg({ queueDelaysMs: queue, endToEndDelaysMs: endToEnd });

    // Assess
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('delay (ms)</text>');
    expect(svg).not.toContain('log scale');
    expect(mark(svg, 'queue', 50).value).toBe(60);
    expect(mark(svg, 'queue', 95).value).toBe(105);
    expect(mark(svg, 'queue', 99).value).toBe(109);
    expect(mark(svg, 'endToEnd', 95).value).toBe(115);
    const ticks = xTicks(svg);
    const [x0, x120] = [ticks.get(0) ?? Number.NaN, ticks.get(120) ?? Number.NaN];
    const at = (v: number) => x0 + ((x120 - x0) * v) / 120;
    expect(mark(svg, 'queue', 50).x).toBeCloseTo(at(60), 0);
    expect(mark(svg, 'queue', 99).x).toBeCloseTo(at(109), 0);
    expect(mark(svg, 'endToEnd', 50).x).toBeCloseTo(at(70), 0);
    expect(labels(svg)).toEqual(
      expect.arrayContaining([
        'p50 60 ms',
        'p95 105 ms',
        'p99 109 ms',
        'p50 70 ms',
        'p95 115 ms',
        'p99 119 ms',
      ]),
    );
    expect(elements(svg, '<path class="cdf"')).toHaveLength(2);
  });

  it('switches to a log axis when the delays span more than two decades', () => {
    // 1 ms to 10 s: four decades
    const queue = [1, 10, 100, 1_000, 10_000];

    const svg = renderDelayDistributionSvg({ queueDelaysMs: queue, endToEndDelaysMs: [] });

    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('delay (ms, log scale)');
    const ticks = xTicks(svg);
    const decades = [1, 10, 100, 1_000, 10_000].map((v) => ticks.get(v) ?? Number.NaN);
    const gaps = decades.slice(1).map((x, i) => x - (decades[i] ?? Number.NaN));
    for (const gap of gaps) expect(gap).toBeCloseTo(gaps[0] ?? Number.NaN, 0);
    // p50 of five values is the third (rank 3): 100 ms, drawn on the 100 tick.
    expect(mark(svg, 'queue', 50)).toEqual({ value: 100, x: ticks.get(100) });
    expect(mark(svg, 'queue', 99)).toEqual({ value: 10_000, x: ticks.get(10_000) });
    expect(labels(svg)).toContain(`p99 ${formatDelay(10_000)}`);
  });

  it('stays linear when the delays span exactly two decades', () => {
    const svg = renderDelayDistributionSvg({ queueDelaysMs: [5, 500], endToEndDelaysMs: [] });

    expect(svg).not.toContain('log scale');
  });

  it('draws zero delays at the left edge of a log axis and says so', () => {
    const svg = renderDelayDistributionSvg({ queueDelaysMs: [0, 0, 5, 5_000], endToEndDelaysMs: [] });

    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('2 value(s) of 0 ms or less drawn at the left edge');
    expect(svg).not.toContain('NaN');
    expect(svg).not.toContain('Infinity');
  });

  it('still gives a well-formed svg with axes and a message when there are no delays', () => {
    const svg = renderDelayDistributionSvg({ queueDelaysMs: [], endToEndDelaysMs: [] });

    expect(svg.startsWith('<svg')).toBe(true);
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('no delays were recorded');
    expect(elements(svg, '<path class="cdf"')).toEqual([]);
    expect(elements(svg, '<line class="percentile-mark"')).toEqual([]);
    expect(xTicks(svg).size).toBeGreaterThanOrEqual(2);
    expect(svg).not.toContain('NaN');
  });

  it('draws a single value as one step with all three marks on it', () => {
    const svg = renderDelayDistributionSvg({ queueDelaysMs: [42], endToEndDelaysMs: [] });

    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).not.toContain('no delays were recorded');
    expect(elements(svg, '<path class="cdf"')).toHaveLength(1);
    const xs = [50, 95, 99].map((p) => mark(svg, 'queue', p));
    expect(xs.map((m) => m.value)).toEqual([42, 42, 42]);
    expect(new Set(xs.map((m) => m.x)).size).toBe(1);
    expect(labels(svg)).toEqual(expect.arrayContaining(['p50 42 ms', 'p95 42 ms', 'p99 42 ms']));
    expect(svg).not.toContain('NaN');
  });

  it('keeps the labels of close percentiles from printing over each other', () => {
    const svg = renderDelayDistributionSvg({ queueDelaysMs: [42], endToEndDelaysMs: [43] });

    const ys = elements(svg, '<text class="percentile-label"').map((l) => ({
      series: attr(l, 'data-series'),
      y: Number(attr(l, 'y')),
    }));
    for (const series of ['queue', 'endToEnd']) {
      const own = ys.filter((l) => l.series === series).map((l) => l.y);
      expect(own).toHaveLength(3);
      for (const [i, y] of own.entries())
        for (const other of own.slice(i + 1)) expect(Math.abs(y - other)).toBeGreaterThanOrEqual(12);
    }
  });

  it('merges values on the same pixel, so a large run still gives a small path', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => i % 5_000);

    const svg = renderDelayDistributionSvg({ queueDelaysMs: many, endToEndDelaysMs: many });

    expect(xmlProblems(svg)).toEqual([]);
    expect(svg.length).toBeLessThan(200_000);
  });

  it('escapes the title', () => {
    const svg = renderDelayDistributionSvg({ queueDelaysMs: [1], endToEndDelaysMs: [2], title: 'a<b & "c"' });

    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).not.toContain('a<b');
    expect(svg).toContain('a&lt;b &amp; &quot;c&quot;');
  });
});
