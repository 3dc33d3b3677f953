/**
 * The AWS query engine: Athena over the bucket the Firehose stream writes to.
 *
 *   StartQueryExecution --> GetQueryExecution every pollIntervalMs
 *        QUEUED | RUNNING: wait; SUCCEEDED: read; FAILED | CANCELLED: QueryFailedError
 *        still not done after timeoutMs: StopQueryExecution, QueryTimedOutError
 *   --> GetQueryResults, NextToken by NextToken, pageSize rows a page
 */
import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { type AthenaColumn, convertRow, isHeaderRow, readColumns } from './athena-values';
import { QueryFailedError, QueryTimedOutError } from './errors';
import {
  type QueryEngine,
  type QueryResult,
  type QueryValue,
  type RunOptions,
  TABLE_NAME,
} from './query-engine';
import { describeStatement } from './query-template';

export interface AthenaEngineOptions {
  readonly client: AthenaClient;
  readonly database: string;
  readonly workGroup?: string;
  /** s3://bucket/prefix/ for Athena's result files. */
  readonly outputLocation: string;
  readonly pollIntervalMs?: number;
  readonly timeoutMs?: number;
  /** GetQueryResults MaxResults (1-1000). */
  readonly pageSize?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

const ENGINE_NAME = 'athena';
const MAX_PAGE_SIZE = 1000;

export function createAthenaEngine(options: AthenaEngineOptions): QueryEngine {
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new RangeError(`pageSize must be an integer from 1 to ${MAX_PAGE_SIZE} (got ${pageSize})`);
  }
  if (pollIntervalMs >= timeoutMs) throw new RangeError('pollIntervalMs must be less than timeoutMs');
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const { client } = options;

  async function start(sql: string): Promise<string> {
    const { QueryExecutionId } = await client.send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        QueryExecutionContext: { Database: options.database },
        ResultConfiguration: { OutputLocation: options.outputLocation },
        ...(options.workGroup ? { WorkGroup: options.workGroup } : {}),
      }),
    );
    if (!QueryExecutionId) throw new Error('StartQueryExecution answered without a QueryExecutionId');
    return QueryExecutionId;
  }

  async function waitUntilSucceeded(id: string, queryName: string): Promise<void> {
    const deadline = now() + timeoutMs;
    for (;;) {
      const { QueryExecution } = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      const state = QueryExecution?.Status?.State;
      if (state === 'SUCCEEDED') return;
      if (state === 'FAILED' || state === 'CANCELLED') {
        const reason = QueryExecution?.Status?.StateChangeReason ?? 'no reason given';
        throw new QueryFailedError({ engine: ENGINE_NAME, queryName, state, reason, queryExecutionId: id });
      }
      if (now() >= deadline) {
        // A query left running keeps scanning (and billing); stopping it is best effort.
        await client.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => {});
        throw new QueryTimedOutError(ENGINE_NAME, queryName, timeoutMs, id);
      }
      await sleep(pollIntervalMs);
    }
  }

  async function readResults(id: string): Promise<QueryResult> {
    let columns: AthenaColumn[] | undefined;
    const rows: Record<string, QueryValue>[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new GetQueryResultsCommand({
          QueryExecutionId: id,
          MaxResults: pageSize,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      let pageRows = page.ResultSet?.Rows ?? [];
      if (columns === undefined) {
        columns = readColumns(page.ResultSet?.ResultSetMetadata?.ColumnInfo);
        // Only the first page of a SELECT starts with the labels; DDL results have none.
        if (isHeaderRow(pageRows[0], columns)) pageRows = pageRows.slice(1);
      }
      for (const row of pageRows) rows.push(convertRow(row, columns));
      nextToken = page.NextToken;
    } while (nextToken);
    return { columns: (columns ?? []).map((column) => column.name), rows };
  }

  async function run(sql: string, runOptions: RunOptions = {}): Promise<QueryResult> {
    const queryName = runOptions.name ?? describeStatement(sql);
    const id = await start(sql);
    await waitUntilSucceeded(id, queryName);
    return readResults(id);
  }

  return {
    name: ENGINE_NAME,
    async repairPartitions() {
      await run(`MSCK REPAIR TABLE ${TABLE_NAME}`, { name: 'repair-partitions' });
    },
    run,
    // The client belongs to the caller, who may share it.
    async close() {},
  };
}
