import { describe, expect, it } from 'vitest';
import { formatTick, niceTicks } from './chart-scale';
import { renderTimelineSvg } from './chart-svg';
import { deriveWorkerOffWindows } from './chart-windows';
import { aSample, T0, xmlProblems } from './test-helpers';

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

function polylinePoints(svg: string, color: string): { x: number; y: number }[][] {
  return svg
    .split('\n')
    .filter((line) => line.startsWith('<polyline') && line.includes(`stroke="${color}"`))
    .map((line) => {
      const points = line.slice(
        line.indexOf('points="') + 8,
        line.indexOf('"', line.indexOf('points="') + 8),
      );
      return points.split(' ').map((p) => {
        const [x, y] = p.split(',').map(Number);
        return { x: x ?? Number.NaN, y: y ?? Number.NaN };
      });
    });
}

const VISIBLE = '#1f77b4';
const CAPACITY = '#2ca02c';

describe('xmlProblems (the test helper)', () => {
  it('rejects crossed tags, raw ampersands and a second root', () => {
    expect(xmlProblems('<svg><g></svg>')).not.toEqual([]);
    expect(xmlProblems('<a>x & y</a>')).not.toEqual([]);
    expect(xmlProblems('<a t="<"/>')).not.toEqual([]);
    expect(xmlProblems('<a/><b/>')).not.toEqual([]);
    expect(xmlProblems('<?xml version="1.0"?>\n<a x="&amp;"><b/>&lt;</a>\n')).toEqual([]);
  });
});

describe('renderTimelineSvg', () => {
  const rising = Array.from({ length: 11 }, (_, i) =>
    aSample(i, { visible: i * 100, capacityRemaining: 100, workerRunning: i >= 6 }),
  );

  it('draws each series as a polyline over every sample, with the depth rising upwards', () => {
    // Prepare / Act
    const svg = renderTimelineSvg({ samples: rising });

    // Assess
    expect(xmlProblems(svg)).toEqual([]);
    expect(count(svg, '<polyline')).toBe(4);
    const [visible] = polylinePoints(svg, VISIBLE);
    expect(visible).toHaveLength(11);
    const ys = (visible ?? []).map((p) => p.y);
    // SVG y grows downwards: a rising depth has strictly falling y.
    for (let i = 1; i < ys.length; i++) expect(ys[i]).toBeLessThan(ys[i - 1] ?? 0);
  });

  it('shades a window between the x positions of its start and end', () => {
    const svg = renderTimelineSvg({
      samples: rising,
      windows: [{ label: 'chaos: partition', from: T0 + 2_000, to: T0 + 4_000, color: '#d62728' }],
    });

    expect(xmlProblems(svg)).toEqual([]);
    const rect = svg.split('\n').find((l) => l.startsWith('<rect class="window"')) ?? '';
    expect(rect).toContain('fill="#d62728"');
    const [visible] = polylinePoints(svg, VISIBLE);
    const xAt = (second: number) => visible?.[second]?.x ?? Number.NaN;
    const attr = (name: string) => Number(rect.split(`${name}="`)[1]?.split('"')[0]);
    expect(attr('x')).toBeCloseTo(xAt(2), 0);
    expect(attr('x') + attr('width')).toBeCloseTo(xAt(4), 0);
    expect(svg).toContain('chaos: partition');
  });

  it('still gives a valid svg, with a message and axes, when no sample was collected', () => {
    const svg = renderTimelineSvg({ samples: [] });

    expect(svg.startsWith('<svg')).toBe(true);
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('no queue samples were collected');
    expect(count(svg, '<polyline')).toBe(0);
  });

  it('draws a lone sample as dots, since a one-point line has no length', () => {
    const svg = renderTimelineSvg({ samples: [aSample(3, { visible: 7 })] });

    expect(xmlProblems(svg)).toEqual([]);
    expect(count(svg, '<polyline')).toBe(0);
    expect(count(svg, '<circle')).toBe(4);
    expect(svg).not.toContain('NaN');
  });

  it('breaks the capacity line at a null reading instead of drawing it as 0', () => {
    const samples = rising.map((s, i) => (i === 5 ? { ...s, capacityRemaining: null } : s));

    const svg = renderTimelineSvg({ samples });

    const segments = polylinePoints(svg, CAPACITY);
    expect(segments.map((s) => s.length)).toEqual([5, 5]);
  });

  it('escapes the title, phase names and window labels', () => {
    const evil = 'a<b & "c"';
    const svg = renderTimelineSvg({
      samples: rising,
      title: evil,
      phases: [{ name: evil, startedAt: T0 + 3_000 }],
      windows: [{ label: evil, from: T0, to: T0 + 1_000, color: '"red' }],
    });

    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).not.toContain(evil);
    expect(count(svg, 'a&lt;b &amp; &quot;c&quot;')).toBeGreaterThanOrEqual(4);
    expect(count(svg, '<line class="phase"')).toBe(1);
  });
});

describe('deriveWorkerOffWindows', () => {
  it('ends a window at the first sample that sees the worker running', () => {
    const samples = [0, 1, 2, 3].map((s) => aSample(s, { workerRunning: s >= 3 }));

    expect(deriveWorkerOffWindows(samples)).toEqual([
      { label: 'worker off', from: T0, to: T0 + 3_000, color: '#9e9e9e' },
    ]);
  });

  it('ends a window that is still open at the last sample', () => {
    const samples = [5, 1, 3].map((s) => aSample(s, { workerRunning: s === 1 }));

    expect(deriveWorkerOffWindows(samples)).toEqual([
      { label: 'worker off', from: T0 + 3_000, to: T0 + 5_000, color: '#9e9e9e' },
    ]);
  });
});

describe('niceTicks', () => {
  it('gives a maximum that sits on the top tick one more step of room', () => {
    expect(niceTicks(100, { headroom: true })).toMatchObject({ max: 120, step: 20 });
    expect(niceTicks(100)).toMatchObject({ max: 100, step: 20 });
  });

  it('never steps below one, since depths are counts', () => {
    expect(niceTicks(0).ticks).toEqual([0, 1]);
    expect(niceTicks(3).step).toBe(1);
  });

  it('labels large axes in thousands', () => {
    const axis = niceTicks(16_600);
    expect(axis.ticks.map((t) => formatTick(t, axis))).toEqual(['0', '5k', '10k', '15k', '20k']);
  });
});
