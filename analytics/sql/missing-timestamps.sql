-- Rows missing a timestamp they must have; must be 0 (G1 seed 11.2, spec section 6 invariant 6).
-- Deviations from the seed:
--   * startedAt is required only for SUCCEEDED and REJECTED. The DLQ handler may finish a
--     request that no worker ever started (QUEUED -> FAILED_FINAL, spec section 1), and then
--     startedAt is rightly absent; queuedAt and finishedAt are required on every row.
--   * dt = '2026-01-04' became dt BETWEEN '${dtFrom}' AND '${dtTo}' (inclusive, 'YYYY-MM-DD').
-- A malformed line becomes an all-NULL row (ignore.malformed.json) and is counted here too.
SELECT
  count(*) AS missing_timestamp_count
FROM participation_logs
WHERE dt BETWEEN '${dtFrom}' AND '${dtTo}'
  AND (
    timestamps.queuedAt IS NULL
    OR timestamps.finishedAt IS NULL
    OR (timestamps.startedAt IS NULL AND finalStatus IN ('SUCCEEDED', 'REJECTED'))
  );
