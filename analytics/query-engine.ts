/**
 * One query interface for the analytics of a run, whatever answers it: Athena on AWS, or DuckDB
 * over a local mirror of the bucket for the embedded stack. Both run the same files of
 * analytics/sql, written in the Athena dialect.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type QueryParams, renderQuery } from './query-template';

/** The table of create-table.sql; both engines query it under this name. */
export const TABLE_NAME = 'participation_logs';

export type QueryValue = string | number | boolean | null;

/** Numbers are JS numbers (a bigint count becomes a number); timestamps are ISO 8601 strings in UTC. */
export interface QueryResult {
  columns: string[];
  rows: Record<string, QueryValue>[];
}

export interface RunOptions {
  /** Named in errors; runQuery passes the file name. */
  readonly name?: string;
}

export interface QueryEngine {
  readonly name: string;
  /** Makes the partitions written since the last call visible (MSCK REPAIR TABLE on Athena). */
  repairPartitions(): Promise<void>;
  run(sql: string, options?: RunOptions): Promise<QueryResult>;
  close(): Promise<void>;
}

/** The G1 evidence: every run of the analytics answers these (spec section 5). */
export const REQUIRED_QUERIES = [
  'traffic-per-minute',
  'throughput-per-minute',
  'result-distribution',
  'p95-delays',
  'negative-delays',
  'missing-timestamps',
] as const;
export type RequiredQueryName = (typeof REQUIRED_QUERIES)[number];

/** create-table is Athena DDL; the DuckDB engine defines the same table itself. */
export type QueryName = RequiredQueryName | 'create-table';

export const SQL_DIR = join(import.meta.dirname, 'sql');

/**
 * Reads analytics/sql/<name>.sql and fills in its placeholders. The required queries take
 * dtFrom and dtTo ('YYYY-MM-DD', inclusive); create-table takes bucket.
 */
export async function loadQuery(name: QueryName, params: QueryParams = {}): Promise<string> {
  const template = await readFile(join(SQL_DIR, `${name}.sql`), 'utf8');
  return renderQuery(template, params);
}

/** Loads a query and runs it under its file name, so a failure says which query failed. */
export async function runQuery(
  engine: QueryEngine,
  name: QueryName,
  params: QueryParams = {},
): Promise<QueryResult> {
  return engine.run(await loadQuery(name, params), { name });
}
