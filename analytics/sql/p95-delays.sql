-- p95 queue delay (startedAt - queuedAt) and p95 end-to-end delay (finishedAt - queuedAt) in
-- milliseconds, per event (G1 seed 10.4).
-- Deviations from the seed:
--   * No eventId = 'TARGET_EVENT' filter: one row per eventId, ordered by it. An analyst who
--     wants one event adds AND eventId = '...'.
--   * eventId is aliased event_id: Athena lower-cases bare column labels, DuckDB does not.
--   * dt = '2026-01-04' became dt BETWEEN '${dtFrom}' AND '${dtTo}' (inclusive, 'YYYY-MM-DD').
-- A request that went to the DLQ before any worker started it has no startedAt: its queue
-- delay is NULL and approx_percentile skips it, while its end-to-end delay still counts.
SELECT
  eventId AS event_id,
  approx_percentile(CAST(timestamps.startedAt - timestamps.queuedAt AS BIGINT), 0.95) AS p95_queue_delay_ms,
  approx_percentile(CAST(timestamps.finishedAt - timestamps.queuedAt AS BIGINT), 0.95) AS p95_e2e_delay_ms
FROM participation_logs
WHERE dt BETWEEN '${dtFrom}' AND '${dtTo}'
GROUP BY eventId
ORDER BY event_id;
