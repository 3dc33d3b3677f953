-- participation_logs: one row per ParticipationProcessed detail (spec section 5, G1 seed 9.1).
-- Athena only: the DuckDB engine builds the same columns itself (see duckdb-dialect.ts).
-- ${bucket} is filled in by loadQuery('create-table', { bucket }); in the console, type the
-- bucket name. Deviations from the seed: none apart from that placeholder (the seed has
-- <YOUR_BUCKET>). The JSON SerDe matches keys case-insensitively, so camelCase keys such as
-- queuedAt land in Athena's lower-case columns; ignore.malformed.json turns a bad line into an
-- all-NULL row instead of failing the query, and missing-timestamps.sql then counts it.
CREATE EXTERNAL TABLE IF NOT EXISTS participation_logs (
  schemaVersion int,
  env string,
  eventId string,
  requestId string,
  eventType string,
  finalStatus string,
  resultCode string,
  timestamps struct<
    queuedAt:bigint,
    startedAt:bigint,
    finishedAt:bigint
  >,
  delivery struct<
    attempt:int,
    isDlq:boolean
  >,
  failure struct<
    failureClass:string,
    errorCode:string,
    errorMessage:string
  >,
  meta struct<
    workerId:string
  >
)
PARTITIONED BY (dt string, hour string)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES (
  'ignore.malformed.json' = 'true'
)
LOCATION 's3://${bucket}/events/'
TBLPROPERTIES (
  'projection.enabled' = 'false'
);
