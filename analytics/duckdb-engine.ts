/**
 * The embedded stack's query engine: DuckDB in process, over a local mirror of the bucket's
 * events/ prefix. It runs the Athena-dialect files unchanged (see duckdb-dialect.ts).
 *
 *   repairPartitions():  s3://<bucket>/events/dt=.../hour=.../<object>
 *                          --mirror-->  <mirrorDir>/events/dt=.../hour=.../<object>
 *                          --read_json, explicit schema-->  table participation_logs (a snapshot)
 *
 * Like Athena after MSCK REPAIR TABLE, rows delivered later are seen only after the next repair.
 */
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { ATHENA_DIALECT_BRIDGE, buildCreateTableSql } from './duckdb-dialect';
import { readerToQueryResult } from './duckdb-values';
import { QueryFailedError } from './errors';
import type { QueryEngine, QueryResult, RunOptions } from './query-engine';
import { describeStatement } from './query-template';
import { mirrorPrefix } from './s3-mirror';

export interface DuckDbEngineOptions {
  readonly s3: S3Client;
  readonly bucket: string;
  /** The Firehose prefix; partitions are <prefix>dt=YYYY-MM-DD/hour=HH/. */
  readonly prefix?: string;
  /** A folder this engine owns: <mirrorDir>/<prefix> is replaced on every repair. */
  readonly mirrorDir: string;
  /** ListObjectsV2 page size, for tests of the paging. */
  readonly listPageSize?: number;
}

const ENGINE_NAME = 'duckdb';
/** What the glob below matches, relative to the prefix. */
const PARTITION_FILE = /^dt=[^/]+\/hour=[^/]+\/[^/]+$/;

export async function createDuckDbEngine(options: DuckDbEngineOptions): Promise<QueryEngine> {
  const prefix = options.prefix ?? 'events/';
  if (!prefix.endsWith('/')) throw new RangeError(`prefix must end with '/' (got '${prefix}')`);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    connection.closeSync();
    instance.closeSync();
  };
  try {
    for (const statement of ATHENA_DIALECT_BRIDGE) await connection.run(statement);
    // The table exists from the start, empty, as an Athena table does before its first partition.
    await connection.run(buildCreateTableSql(undefined));
  } catch (error) {
    await close();
    throw error;
  }

  return {
    name: ENGINE_NAME,
    async repairPartitions() {
      const { keys } = await mirrorPrefix({
        s3: options.s3,
        bucket: options.bucket,
        prefix,
        targetDir: options.mirrorDir,
        skipPrefixes: [`${prefix}error/`],
        ...(options.listPageSize ? { pageSize: options.listPageSize } : {}),
      });
      const glob = join(options.mirrorDir, `${prefix}dt=*`, 'hour=*', '*');
      // read_json fails on a glob that matches nothing, so an empty prefix gets an empty table.
      const hasPartitionFiles = keys.some((key) => PARTITION_FILE.test(key.slice(prefix.length)));
      await connection.run(buildCreateTableSql(hasPartitionFiles ? glob : undefined));
    },
    async run(sql: string, runOptions: RunOptions = {}): Promise<QueryResult> {
      try {
        return readerToQueryResult(await connection.runAndReadAll(sql));
      } catch (error) {
        const queryName = runOptions.name ?? describeStatement(sql);
        const reason = error instanceof Error ? error.message : String(error);
        throw new QueryFailedError({ engine: ENGINE_NAME, queryName, reason }, { cause: error });
      }
    },
    close,
  };
}
