-- Rows whose timestamps run backwards; must be 0 (G1 seed 11.1, spec section 6 invariant 6).
-- Deviations from the seed:
--   * dt = '2026-01-04' became dt BETWEEN '${dtFrom}' AND '${dtTo}' (inclusive, 'YYYY-MM-DD').
-- Besides a negative queue delay (startedAt < queuedAt) and a negative end-to-end delay
-- (finishedAt < queuedAt) it keeps the seed's third check, a negative processing time
-- (finishedAt < startedAt). A NULL timestamp is not negative: missing-timestamps.sql counts it.
SELECT
  count(*) AS negative_delay_count
FROM participation_logs
WHERE dt BETWEEN '${dtFrom}' AND '${dtTo}'
  AND (
    timestamps.finishedAt < timestamps.startedAt
    OR timestamps.startedAt < timestamps.queuedAt
    OR timestamps.finishedAt < timestamps.queuedAt
  );
