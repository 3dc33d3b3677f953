/**
 * The chart specs: their data preparation (pure) and their rendering through Vega to SVG and
 * resvg to PNG, with no warning from either. The SVG text is what a reader sees, so the tests
 * look for titles, legends and labels in it.
 */
import { describe, expect, it } from 'vitest';
import { anOperation, aRunHistory, aSample, T0 } from '../test-helpers';
import { chaosSummaryChart } from './chaos-summary-spec';
import { countBarsChart } from './count-bars-spec';
import { cumulativeCurve, delayChart, wantsLogAxis } from './delay-spec';
import {
  failurePoints,
  LATENCY_FLOOR_MS,
  latencyChart,
  MAX_POINTS,
  okQuantilesPerSecond,
} from './latency-spec';
import { timedOperations } from './operations';
import { outcomesChart, outcomesPerSecond } from './outcomes-spec';
import { type ReportChart, renderChart, renderChartSvg, svgToPng } from './render';
import { resultMixChart } from './result-mix-spec';
import { timelineChart } from './timeline-spec';
import { sumByMinute, trafficChart } from './traffic-spec';
import { deriveWorkerOffWindows, FAULT_COLOR, timeFrame } from './windows';

const frame = timeFrame([T0, T0 + 140_000], 860, T0);
const history = aRunHistory();
const operations = timedOperations(history.operations);
const phases = [
  { name: 'setup', startedAt: T0 },
  { name: 'samples', startedAt: T0 + 200 },
  { name: 'spike', startedAt: T0 + 5_000, endedAt: T0 + 65_000 },
  { name: 'drain', startedAt: T0 + 70_000 },
];

/** The texts of an SVG's <text> elements, unescaped enough for these tests. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));
}

async function rendered(chart: ReportChart) {
  const { svg, warnings } = await renderChartSvg(chart.spec);
  expect(warnings).toEqual([]);
  return { svg, labels: texts(svg) };
}

describe('timedOperations', { timeout: 60_000 }, () => {
  it('charts a request at its send time: sentAt when recorded, else the answer time less the latency', () => {
    const ops = timedOperations([
      anOperation(1, { latencyMs: 20 }),
      { ...anOperation(2), sentAt: T0 + 1_500 } as never,
      anOperation(3, { type: 'info', latencyMs: undefined }),
    ]);

    expect(ops.map((op) => op.sentAt - T0)).toEqual([1_000, 1_500, 3_020]);
    expect(ops.map((op) => op.latencyMs)).toEqual([20, 20, null]);
  });
});

describe('the G0 timeline', { timeout: 60_000 }, () => {
  it('draws the three depths, capacity, the worker-off window and every phase name', async () => {
    const chart = timelineChart({
      samples: history.samples,
      phases,
      windows: deriveWorkerOffWindows(history.samples),
      frame,
    });

    const { labels } = await rendered(chart);

    for (const label of ['visible', 'in flight', 'DLQ', 'capacityRemaining (right axis)', 'worker off'])
      expect(labels).toContain(label);
    for (const phase of phases) expect(labels).toContain(phase.name);
    expect(labels).toContain('queue depth (messages)');
    expect(labels).toContain('elapsed (s)');
  });

  it('says so in the plot when no sample was collected', async () => {
    const { svg } = await renderChartSvg(timelineChart({ samples: [], frame }).spec);

    expect(texts(svg)).toContain('no queue samples were collected');
  });

  it('breaks the capacity line at a reading that failed instead of drawing a 0', () => {
    const chart = timelineChart({
      samples: [aSample(0, { capacityRemaining: 100 }), aSample(1, { capacityRemaining: null }), aSample(2)],
      frame,
    });
    const layers = (chart.spec as { layer: { data?: { values: { capacity?: number | null }[] } }[] }).layer;
    const capacity = layers.flatMap((l) => l.data?.values ?? []).filter((v) => 'capacity' in v);

    expect(capacity.map((v) => v.capacity)).toEqual([100, null, 100]);
  });
});

describe('outcomes per second', { timeout: 60_000 }, () => {
  it('stacks ok, then fail, then info in each second of send time', () => {
    const ops = timedOperations([
      anOperation(0.1),
      anOperation(0.5, { type: 'fail' }),
      anOperation(0.7),
      anOperation(0.9, { type: 'info' }),
      anOperation(2.2, { type: 'fail' }),
    ]);

    const buckets = outcomesPerSecond(frame, ops);

    expect(buckets.map((b) => [b.t, b.outcome.split(' ')[0], b.count, b.y0, b.y1])).toEqual([
      [0, 'ok', 2, 0, 2],
      [0, 'fail', 1, 2, 3],
      [0, 'info', 1, 3, 4],
      [2, 'fail', 1, 0, 1],
    ]);
  });

  it('renders with the fault window and the three outcomes in the legend', async () => {
    const windows = [
      { label: 'dynamodb-throttling', from: T0 + 20_000, to: T0 + 30_000, color: FAULT_COLOR },
    ];

    const { labels } = await rendered(outcomesChart({ operations, windows, frame }));

    expect(labels).toEqual(
      expect.arrayContaining(['dynamodb-throttling', 'ok (202)', 'fail (definite error)']),
    );
    expect(labels).toContain('requests per second');
  });
});

describe('latency over time', { timeout: 60_000 }, () => {
  it('keeps per-second p50, p95 and max of the successful requests, floored for the log axis', () => {
    const ops = timedOperations([
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((ms, i) => anOperation(0.05 * i, { latencyMs: ms })),
      anOperation(1.1, { latencyMs: 0 }),
      anOperation(1.2, { type: 'fail', latencyMs: 3 }),
    ]);

    const lines = okQuantilesPerSecond(frame, ops);

    expect(lines.map((p) => [p.t, p.series.split(' ')[1], p.latencyMs])).toEqual([
      [0.5, 'p50', 5],
      [0.5, 'p95', 10],
      [0.5, 'max', 10],
      [1.5, 'p50', LATENCY_FLOOR_MS],
      [1.5, 'p95', LATENCY_FLOOR_MS],
      [1.5, 'max', LATENCY_FLOOR_MS],
    ]);
  });

  it('breaks the lines across seconds without an answer instead of drawing straight across', () => {
    const ops = timedOperations([anOperation(0.2), anOperation(1.2), anOperation(4.2)]);

    const points = okQuantilesPerSecond(frame, ops).filter((p) => p.series === 'ok p95 per second');

    expect(points.map((p) => [p.t, p.latencyMs])).toEqual([
      [0.5, 20],
      [1.5, 20],
      [2.5, null],
      [4.5, 20],
    ]);
  });

  it('shows failed and unknown requests one by one, thinned evenly past the limit', () => {
    const many = timedOperations(
      Array.from({ length: MAX_POINTS * 2 + 10 }, (_, i) =>
        anOperation(i / 1000, { type: 'fail', latencyMs: 5 }),
      ),
    );

    expect(failurePoints(frame, many).length).toBeLessThanOrEqual(MAX_POINTS);
    expect(failurePoints(frame, many.slice(0, 10))).toHaveLength(10);
  });

  it('renders a run where every request was answered, with no empty layer to warn about', async () => {
    const answered = timedOperations([anOperation(0.2), anOperation(1.2)]);

    const { labels } = await rendered(latencyChart({ operations: answered, frame }));

    expect(labels).toContain('ok p95 per second');
  });

  it('renders on a log axis with its legend', async () => {
    const { labels } = await rendered(latencyChart({ operations, frame }));

    expect(labels).toEqual(
      expect.arrayContaining(['ok p95 per second', 'fail (definite error)', 'latency (ms, log)']),
    );
  });
});

describe('the delay distributions', { timeout: 60_000 }, () => {
  it('draws cumulative shares that end at 100 % and thins long inputs', () => {
    const curve = cumulativeCurve(
      Array.from({ length: 10_000 }, (_, i) => i),
      'q',
      false,
    );

    expect(curve.length).toBeLessThanOrEqual(402);
    expect(curve.at(-1)).toEqual({ delayMs: 9_999, share: 1, series: 'q' });
    expect(curve.every((p, i) => i === 0 || p.share >= (curve[i - 1]?.share ?? 0))).toBe(true);
  });

  it('turns the axis logarithmic past two decades only', () => {
    expect(wantsLogAxis([5, 500])).toBe(false);
    expect(wantsLogAxis([5, 501])).toBe(true);
    expect(wantsLogAxis([0, 5, 400])).toBe(false);
  });

  it('puts p95 labels that would touch into different lanes, also at the right edge', () => {
    const chart = delayChart({ queueDelaysMs: [1, 2, 3, 400], endToEndDelaysMs: [5, 6, 7, 900] });
    const layers = (chart.spec as { layer: { mark: { type: string }; data: { values: { y?: number }[] } }[] })
      .layer;

    const ys = layers.filter((l) => l.mark.type === 'text').flatMap((l) => l.data.values.map((v) => v.y));

    expect(ys).toHaveLength(2);
    expect(new Set(ys).size).toBe(2);
  });

  it('marks each curve’s nearest-rank p95 with its value', async () => {
    const queue = Array.from({ length: 100 }, (_, i) => i + 1);
    const endToEnd = queue.map((v) => v * 3);

    const { labels } = await rendered(delayChart({ queueDelaysMs: queue, endToEndDelaysMs: endToEnd }));

    expect(labels).toContain('p95 95 ms');
    expect(labels).toContain('p95 285 ms');
    expect(labels).toContain('queue delay (startedAt − queuedAt), n=100');
  });
});

describe('the G1 charts and the bars', { timeout: 60_000 }, () => {
  it('adds up a minute delivered in two hours', () => {
    expect(
      sumByMinute([
        { minute: T0, count: 3 },
        { minute: T0 + 60_000, count: 1 },
        { minute: T0, count: 2 },
        { minute: Number.NaN, count: 9 },
      ]),
    ).toEqual([
      { minute: T0, count: 5 },
      { minute: T0 + 60_000, count: 1 },
    ]);
  });

  it('renders traffic, result mix and count bars with their labels', async () => {
    const traffic = await rendered(
      trafficChart({
        traffic: [{ minute: T0, count: 500 }],
        throughput: [{ minute: T0 + 60_000, count: 480 }],
      }),
    );
    const mix = await rendered(
      resultMixChart([
        { result: 'SUCCESS', count: 50, dlq: false },
        { result: 'REJECTED_CAPACITY', count: 950, dlq: false },
        { result: 'FAILED_FINAL', count: 3, dlq: true },
      ]),
    );
    const bars = await rendered(
      countBarsChart(
        'answers',
        'Answers',
        [
          { label: '400 BAD_REQUEST', count: 7 },
          { label: '500', count: 1, bad: true },
        ],
        'n',
      ),
    );

    expect(traffic.labels).toEqual(expect.arrayContaining(['02:15', '02:16', 'traffic (queued)']));
    expect(mix.labels).toEqual(expect.arrayContaining(['REJECTED_CAPACITY', '950', 'through the DLQ']));
    expect(bars.labels).toEqual(expect.arrayContaining(['400 BAD_REQUEST', '500', 'unexpected']));
  });

  it('draws one small timeline per chaos scenario, titled with its verdict', async () => {
    const chart = chaosSummaryChart(
      ['worker-crash', 'dynamodb-5xx', 'slow-handler'].map((name, i) => ({
        name,
        verdict: i === 1 ? 'FAIL' : 'PASS',
        operations,
        samples: history.samples,
        windows: [{ label: 'fault', from: T0 + 10_000, to: T0 + 20_000, color: FAULT_COLOR }],
        origin: T0,
      })),
    );

    const { labels } = await rendered(chart);

    expect(labels).toEqual(
      expect.arrayContaining(['worker-crash · PASS', 'dynamodb-5xx · FAIL', 'slow-handler · PASS', 'fault']),
    );
  });
});

describe('rendering', { timeout: 60_000 }, () => {
  it('gives a PNG at twice the size of the SVG', async () => {
    const chart = await renderChart(timelineChart({ samples: history.samples, frame }));
    const width = Number(/width="(\d+)"/.exec(chart.svg)?.[1]);

    expect(chart.png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // IHDR: the width is the big-endian word at byte 16.
    expect(chart.png.readUInt32BE(16)).toBe(width * 2);
  });

  it('reports what Vega-Lite warned about instead of printing it', async () => {
    const { warnings } = await renderChartSvg({
      data: { values: [{ a: 1 }] },
      mark: 'point',
      encoding: { x: { field: 'a', type: 'quantitative', aggregate: 'no-such-op' as never } },
    });

    expect(warnings.length).toBeGreaterThan(0);
  });

  it('refuses an SVG that is not one', () => {
    expect(() => svgToPng('not svg')).toThrow();
  });
});
