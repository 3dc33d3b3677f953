import { describe, expect, it } from 'vitest';
import { aSample, T0 } from '../test-helpers';
import { assignLanes, deriveWorkerOffWindows, estimateLabelWidth, placeLabels, timeFrame } from './windows';

describe('deriveWorkerOffWindows', () => {
  it('spans from the first off sample to the first sample that sees the worker running', () => {
    const samples = [
      aSample(0),
      aSample(1),
      aSample(2, { workerRunning: true }),
      aSample(3, { workerRunning: true }),
    ];

    expect(deriveWorkerOffWindows(samples)).toEqual([
      { label: 'worker off', from: T0, to: T0 + 2000, color: '#9e9e9e' },
    ]);
  });

  it('keeps separate windows apart and ends a trailing one at its last sample, in time order', () => {
    const samples = [aSample(5), aSample(0), aSample(1, { workerRunning: true }), aSample(4)];

    expect(deriveWorkerOffWindows(samples).map((w) => [w.from - T0, w.to - T0])).toEqual([
      [0, 1000],
      [4000, 5000],
    ]);
  });
});

describe('label lanes', () => {
  it('puts a label in the first lane where it does not touch the one before', () => {
    const lanes = assignLanes([
      { x: 0, width: 50 },
      { x: 10, width: 50 },
      { x: 20, width: 50 },
      { x: 55, width: 10 },
      { x: 100, width: 10 },
    ]);

    expect(lanes).toEqual([0, 1, 2, 0, 0]);
  });

  it('never lets two labels of one lane overlap, whatever the order they come in', () => {
    const boxes = Array.from({ length: 40 }, (_, i) => ({ x: (i * 37) % 200, width: 15 + (i % 7) * 9 }));

    const lanes = assignLanes(boxes);

    for (let a = 0; a < boxes.length; a++)
      for (let b = a + 1; b < boxes.length; b++) {
        if (lanes[a] !== lanes[b]) continue;
        const [p, q] = [boxes[a], boxes[b]] as [(typeof boxes)[0], (typeof boxes)[0]];
        expect(p.x + p.width <= q.x || q.x + q.width <= p.x).toBe(true);
      }
  });

  it('places phase names that start at nearly the same time in different lanes', () => {
    const frame = timeFrame([T0, T0 + 100_000], 800, T0);

    const labels = placeLabels(frame, [
      { text: 'setup', at: T0 },
      { text: 'samples', at: T0 + 300 },
      { text: 'spike', at: T0 + 600 },
      { text: 'drain', at: T0 + 60_000 },
    ]);

    expect(labels.map((l) => l.lane)).toEqual([0, 1, 2, 0]);
    expect(labels.map((l) => l.t)).toEqual([0, 0.3, 0.6, 60]);
  });

  it('leaves out labels outside the frame and counts a label at the right edge leftwards', () => {
    const frame = timeFrame([T0, T0 + 10_000], 500, T0);
    const edge = T0 + 10_000;

    const labels = placeLabels(frame, [
      { text: 'before', at: T0 - 5_000 },
      { text: 'final', at: edge },
      { text: 'x', at: edge - 1_000 },
    ]);

    expect(labels.map((l) => l.text)).toEqual(['final', 'x']);
    // 'final' is drawn leftwards from 500 px, and its box reaches into the one of 'x' (at 450 px).
    expect(500 - estimateLabelWidth('final')).toBeLessThan(450 + estimateLabelWidth('x'));
    expect(new Set(labels.map((l) => l.lane)).size).toBe(2);
  });
});

describe('timeFrame', () => {
  it('starts at the origin given and is at least a second wide', () => {
    expect(timeFrame([T0 + 500], 100, T0)).toEqual({ origin: T0, endSeconds: 1, width: 100 });
    expect(timeFrame([T0 + 2_000, T0 + 7_500], 100)).toEqual({
      origin: T0 + 2_000,
      endSeconds: 5.5,
      width: 100,
    });
  });
});
