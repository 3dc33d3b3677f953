/**
 * G1's own charts, from what the required queries answered (traffic and throughput per minute,
 * the result mix) and from the delivered events' timestamps (the delay distributions): the
 * numbers the SQL prints, drawn.
 */
import { delayChart } from './charts/delay-spec';
import type { ReportChart } from './charts/render';
import { type ResultMixRow, resultMixChart } from './charts/result-mix-spec';
import { type MinuteCount, trafficChart } from './charts/traffic-spec';
import type { G1Query, G1QueryValue } from './g1-section';

export function g1Charts(input: {
  readonly queries: readonly G1Query[];
  readonly queueDelaysMs: readonly number[];
  readonly endToEndDelaysMs: readonly number[];
}): ReportChart[] {
  return [
    trafficChart({
      traffic: minuteCounts(input.queries, 'traffic-per-minute', 'traffic_per_min'),
      throughput: minuteCounts(input.queries, 'throughput-per-minute', 'throughput_per_min'),
    }),
    resultMixChart(resultMix(input.queries)),
    delayChart({ queueDelaysMs: input.queueDelaysMs, endToEndDelaysMs: input.endToEndDelaysMs }),
  ];
}

function rowsOf(
  queries: readonly G1Query[],
  name: string,
): readonly Readonly<Record<string, G1QueryValue>>[] {
  const result = queries.find((q) => q.name === name)?.result;
  return result && 'rows' in result ? result.rows : [];
}

/**
 * A minute as the engines print it: DuckDB gives ISO 8601, Athena `2026-01-04 10:15:00.000`
 * (UTC, no zone); both mean UTC.
 */
export function parseMinute(value: G1QueryValue | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return Number.NaN;
  const iso = value.includes('T') ? value : value.replace(' ', 'T');
  return Date.parse(/Z|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
}

export function minuteCounts(queries: readonly G1Query[], name: string, column: string): MinuteCount[] {
  return rowsOf(queries, name).map((row) => ({
    minute: parseMinute(row.min_time),
    count: Number(row[column]),
  }));
}

export function resultMix(queries: readonly G1Query[]): ResultMixRow[] {
  return rowsOf(queries, 'result-distribution').map((row) => ({
    result: String(row.result_code ?? row.final_status ?? 'NONE'),
    count: Number(row.total_count),
    dlq: row.is_dlq === true,
  }));
}
