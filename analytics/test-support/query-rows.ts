/**
 * Rows as an engine answers the G1 queries (columns named as in analytics/sql, timestamps as ISO
 * strings), so that the tests of every engine state what they expect the same way.
 */
import type { QueryValue } from '../query-engine';

/**
 * A row of traffic-per-minute or throughput-per-minute; `minute` is 'YYYY-MM-DDTHH:MM' in UTC and
 * `hour` the partition it was delivered in (by default the minute's own hour).
 */
export function perMinuteRow(
  column: 'traffic_per_min' | 'throughput_per_min',
  minute: string,
  count: number,
  hour = minute.slice(11, 13),
): Record<string, QueryValue> {
  return { dt: minute.slice(0, 10), hour, min_time: `${minute}:00.000Z`, [column]: count };
}

/** A row of result-distribution. */
export function resultMixRow(
  finalStatus: string,
  resultCode: string | null,
  isDlq: boolean,
  totalCount: number,
  ratioPercent: number,
): Record<string, QueryValue> {
  return {
    final_status: finalStatus,
    result_code: resultCode,
    is_dlq: isDlq,
    total_count: totalCount,
    ratio_percent: ratioPercent,
  };
}
