-- Traffic: requests per minute of queuedAt, the moment the queue accepted them (G1 seed 10.1).
-- Deviations from the seed:
--   * dt = '2026-01-04' became dt BETWEEN '${dtFrom}' AND '${dtTo}' (inclusive, 'YYYY-MM-DD'):
--     partitions are by ingestion time in UTC, and a run that crosses midnight spans two days.
--     loadQuery() fills both in; in the console, type the dates.
--   * dt and hour break ties in ORDER BY, so both engines list rows in the same order.
-- dt/hour say when Firehose delivered a row, min_time when it was queued: one minute can show
-- up in two rows when its events were delivered in different hours; add them up.
SELECT
  dt,
  hour,
  date_trunc('minute', from_unixtime(timestamps.queuedAt / 1000)) AS min_time,
  count(*) AS traffic_per_min
FROM participation_logs
WHERE dt BETWEEN '${dtFrom}' AND '${dtTo}'
GROUP BY 1, 2, 3
ORDER BY min_time DESC, dt, hour;
