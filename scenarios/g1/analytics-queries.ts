/**
 * Runs the six required queries through a query engine and reads the four G1 metrics out of
 * their results. A query that fails is reported with its error, never hidden.
 */
import {
  loadQuery,
  type QueryEngine,
  type QueryResult,
  REQUIRED_QUERIES,
} from '../../analytics/query-engine';

export interface QueryRun {
  readonly name: string;
  readonly sql: string;
  readonly result: QueryResult | { error: string };
}

export async function runRequiredQueries(
  engine: QueryEngine,
  dtFrom: string,
  dtTo: string,
): Promise<QueryRun[]> {
  const runs: QueryRun[] = [];
  for (const name of REQUIRED_QUERIES) {
    const sql = await loadQuery(name, { dtFrom, dtTo });
    try {
      runs.push({ name, sql, result: await engine.run(sql, { name }) });
    } catch (err) {
      runs.push({ name, sql, result: { error: err instanceof Error ? err.message : String(err) } });
    }
  }
  return runs;
}

function rowsOf(runs: readonly QueryRun[], name: string): Record<string, unknown>[] {
  const result = runs.find((run) => run.name === name)?.result;
  return result && 'rows' in result ? result.rows : [];
}

export interface G1Metrics {
  readonly trafficPerMinutePeak: number | null;
  readonly totalEvents: number;
  readonly resultMix: Record<string, number>;
  readonly dlqShare: number;
  readonly p95QueueDelayMs: number | null;
  readonly p95EndToEndDelayMs: number | null;
  readonly negativeDelays: number | null;
  readonly missingTimestamps: number | null;
}

export function readMetrics(runs: readonly QueryRun[], eventId: string): G1Metrics {
  const traffic = rowsOf(runs, 'traffic-per-minute').map((row) => Number(row.traffic_per_min));
  const distribution = rowsOf(runs, 'result-distribution');
  const resultMix: Record<string, number> = {};
  let total = 0;
  let dlq = 0;
  for (const row of distribution) {
    const count = Number(row.total_count);
    const code = String(row.result_code);
    resultMix[code] = (resultMix[code] ?? 0) + count;
    total += count;
    if (row.is_dlq === true) dlq += count;
  }
  const delays = rowsOf(runs, 'p95-delays').find((row) => row.event_id === eventId);
  const single = (name: string, column: string) => {
    const row = rowsOf(runs, name)[0];
    return row ? Number(row[column]) : null;
  };
  return {
    trafficPerMinutePeak: traffic.length > 0 ? Math.max(...traffic) : null,
    totalEvents: total,
    resultMix,
    dlqShare: total > 0 ? dlq / total : 0,
    p95QueueDelayMs: delays ? Number(delays.p95_queue_delay_ms) : null,
    p95EndToEndDelayMs: delays ? Number(delays.p95_e2e_delay_ms) : null,
    negativeDelays: single('negative-delays', 'negative_delay_count'),
    missingTimestamps: single('missing-timestamps', 'missing_timestamp_count'),
  };
}
