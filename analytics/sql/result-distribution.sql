-- Result distribution: count and share of each outcome, DLQ deliveries apart (G1 seed 10.3).
-- Deviations from the seed:
--   * finalStatus is grouped too (spec section 5), so a resultCode is read with its status.
--   * Output columns have snake_case aliases (final_status, result_code, is_dlq): Athena
--     lower-cases bare column labels (resultcode, isdlq) and DuckDB keeps their case, so only
--     explicit aliases give both engines the same column names.
--   * dt = '2026-01-04' became dt BETWEEN '${dtFrom}' AND '${dtTo}' (inclusive, 'YYYY-MM-DD').
--   * Ties in total_count are ordered by the group columns, so the order is stable.
SELECT
  finalStatus AS final_status,
  resultCode AS result_code,
  delivery.isDlq AS is_dlq,
  count(*) AS total_count,
  round(count(*) * 100.0 / sum(count(*)) OVER (), 2) AS ratio_percent
FROM participation_logs
WHERE dt BETWEEN '${dtFrom}' AND '${dtTo}'
GROUP BY 1, 2, 3
ORDER BY total_count DESC, final_status, result_code, is_dlq;
