/**
 * What DuckDB needs to run the Athena-dialect files of analytics/sql unchanged: a few settings
 * and macros, and the participation_logs table with the columns of create-table.sql. Pure: it
 * only builds SQL text.
 */
import { TABLE_NAME } from './query-engine';

/** Run once per connection, before any query. */
export const ATHENA_DIALECT_BRIDGE: readonly string[] = [
  // Trino divides integers as integers, so timestamps.queuedAt / 1000 is whole seconds there;
  // DuckDB's default would give a fraction.
  'SET integer_division = true',
  // Athena sessions are UTC, and date_trunc on a TIMESTAMP WITH TIME ZONE works in the session zone.
  "SET TimeZone = 'UTC'",
  'CREATE OR REPLACE MACRO approx_percentile(x, p) AS approx_quantile(x, p)',
  'CREATE OR REPLACE MACRO from_unixtime(x) AS to_timestamp(x)',
];

/** The columns of create-table.sql, in its order, as DuckDB types. */
export const PARTICIPATION_LOG_COLUMNS: Readonly<Record<string, string>> = {
  schemaVersion: 'INTEGER',
  env: 'VARCHAR',
  eventId: 'VARCHAR',
  requestId: 'VARCHAR',
  eventType: 'VARCHAR',
  finalStatus: 'VARCHAR',
  resultCode: 'VARCHAR',
  timestamps: 'STRUCT(queuedAt BIGINT, startedAt BIGINT, finishedAt BIGINT)',
  delivery: 'STRUCT(attempt INTEGER, isDlq BOOLEAN)',
  failure: 'STRUCT(failureClass VARCHAR, errorCode VARCHAR, errorMessage VARCHAR)',
  meta: 'STRUCT(workerId VARCHAR)',
};

/** Partition columns come from the dt=/hour= folder names and stay strings, as in Athena. */
export const PARTITION_COLUMNS: Readonly<Record<string, string>> = { dt: 'VARCHAR', hour: 'VARCHAR' };

/**
 * (Re)creates participation_logs. With a glob, the rows are read from the NDJSON files it
 * matches; without one (nothing delivered yet) the table is empty, as an Athena table is before
 * its first partition. The schema is explicit so that types do not depend on the data seen.
 */
export function buildCreateTableSql(glob: string | undefined): string {
  if (glob === undefined) {
    const columns = Object.entries({ ...PARTICIPATION_LOG_COLUMNS, ...PARTITION_COLUMNS })
      .map(([name, type]) => `${name} ${type}`)
      .join(', ');
    return `CREATE OR REPLACE TABLE ${TABLE_NAME} (${columns})`;
  }
  return [
    `CREATE OR REPLACE TABLE ${TABLE_NAME} AS SELECT * FROM read_json(`,
    `  ${sqlString(glob)},`,
    "  format = 'newline_delimited',",
    '  hive_partitioning = true,',
    `  hive_types = ${structLiteral(PARTITION_COLUMNS)},`,
    // Like 'ignore.malformed.json' = 'true': a bad line becomes an all-NULL row, not an error.
    '  ignore_errors = true,',
    `  columns = ${structLiteral(PARTICIPATION_LOG_COLUMNS)}`,
    ')',
  ].join('\n');
}

function structLiteral(entries: Readonly<Record<string, string>>): string {
  return `{${Object.entries(entries)
    .map(([name, type]) => `${sqlString(name)}: ${sqlString(type)}`)
    .join(', ')}}`;
}

export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
