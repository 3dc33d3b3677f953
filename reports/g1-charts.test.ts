import { describe, expect, it } from 'vitest';
import { g1Charts, minuteCounts, parseMinute, resultMix } from './g1-charts';
import type { G1Query } from './g1-section';

const queries: G1Query[] = [
  {
    name: 'traffic-per-minute',
    sql: '',
    result: {
      columns: ['dt', 'hour', 'min_time', 'traffic_per_min'],
      rows: [
        { dt: '2026-11-22', hour: '02', min_time: '2026-11-22T02:15:00.000Z', traffic_per_min: 40 },
        { dt: '2026-11-22', hour: '03', min_time: '2026-11-22 02:15:00.000', traffic_per_min: 2 },
      ],
    },
  },
  { name: 'throughput-per-minute', sql: '', result: { error: 'Catalog Error' } },
  {
    name: 'result-distribution',
    sql: '',
    result: {
      columns: ['final_status', 'result_code', 'is_dlq', 'total_count'],
      rows: [
        { final_status: 'SUCCEEDED', result_code: 'SUCCESS', is_dlq: false, total_count: 50 },
        { final_status: 'FAILED_FINAL', result_code: null, is_dlq: true, total_count: 3 },
      ],
    },
  },
];

describe('the G1 charts from the query answers', () => {
  it('reads a minute as DuckDB (ISO 8601) and Athena (no zone, UTC) print it', () => {
    const utc = Date.UTC(2026, 10, 22, 2, 15);
    expect(parseMinute('2026-11-22T02:15:00.000Z')).toBe(utc);
    expect(parseMinute('2026-11-22 02:15:00.000')).toBe(utc);
    expect(parseMinute(null)).toBeNaN();
  });

  it('takes traffic per minute, nothing from a failed query, and the result mix with its DLQ share', () => {
    expect(minuteCounts(queries, 'traffic-per-minute', 'traffic_per_min').map((r) => r.count)).toEqual([
      40, 2,
    ]);
    expect(minuteCounts(queries, 'throughput-per-minute', 'throughput_per_min')).toEqual([]);
    expect(resultMix(queries)).toEqual([
      { result: 'SUCCESS', count: 50, dlq: false },
      { result: 'FAILED_FINAL', count: 3, dlq: true },
    ]);
  });

  it('gives the three charts the analytics section names', () => {
    const charts = g1Charts({ queries, queueDelaysMs: [1, 2], endToEndDelaysMs: [3, 4] });

    expect(charts.map((c) => c.name)).toEqual(['traffic', 'result-mix', 'delays']);
  });
});
