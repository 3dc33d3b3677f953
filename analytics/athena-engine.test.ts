/**
 * The engine's request logic against a scripted client. The integration test runs it against
 * moto, which cannot page (it ignores MaxResults and never sends a NextToken) and never reaches
 * FAILED; those two paths are scripted here instead.
 */
import {
  type AthenaClient,
  GetQueryExecutionCommand,
  type GetQueryExecutionOutput,
  GetQueryResultsCommand,
  type GetQueryResultsOutput,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { describe, expect, it } from 'vitest';
import { createAthenaEngine } from './athena-engine';
import { QueryFailedError, QueryTimedOutError } from './errors';

interface Script {
  readonly states: readonly NonNullable<GetQueryExecutionOutput['QueryExecution']>['Status'][];
  readonly pages?: Readonly<Record<string, GetQueryResultsOutput>>;
  readonly stopFails?: boolean;
}

/** A client that answers from a script and records what it was sent. */
function scriptedClient(script: Script) {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  let polls = 0;
  const send = async (command: { input: Record<string, unknown> }) => {
    sent.push({ name: command.constructor.name, input: command.input });
    if (command instanceof StartQueryExecutionCommand) return { QueryExecutionId: 'q-1' };
    if (command instanceof GetQueryExecutionCommand) {
      const status = script.states[Math.min(polls++, script.states.length - 1)];
      return { QueryExecution: { QueryExecutionId: 'q-1', Status: status } };
    }
    if (command instanceof GetQueryResultsCommand) {
      const page = script.pages?.[command.input.NextToken ?? ''];
      if (!page) throw new Error(`no page scripted for token ${command.input.NextToken}`);
      return page;
    }
    if (command instanceof StopQueryExecutionCommand) {
      if (script.stopFails) throw new Error('throttled');
      return {};
    }
    throw new Error(`unexpected ${command.constructor.name}`);
  };
  // Only send is used; the rest of AthenaClient does not matter to the engine.
  return { client: { send } as unknown as AthenaClient, sent };
}

/** A clock that moves only when the engine sleeps. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

const COLUMNS = [
  { Name: 'event_id', Type: 'varchar' },
  { Name: 'total_count', Type: 'bigint' },
];
const row = (...values: (string | undefined)[]) => ({
  Data: values.map((value) => (value === undefined ? {} : { VarCharValue: value })),
});
const page = (rows: ReturnType<typeof row>[], nextToken?: string): GetQueryResultsOutput => ({
  ResultSet: { Rows: rows, ResultSetMetadata: { ColumnInfo: COLUMNS } },
  ...(nextToken ? { NextToken: nextToken } : {}),
});
const options = {
  database: 'g1',
  workGroup: 'primary',
  outputLocation: 's3://results/',
  pollIntervalMs: 250,
};

describe('Athena engine', () => {
  it('polls until SUCCEEDED, then reads every page with NextToken and drops only the first label row', async () => {
    const { client, sent } = scriptedClient({
      states: [{ State: 'QUEUED' }, { State: 'RUNNING' }, { State: 'SUCCEEDED' }],
      pages: {
        '': page([row('event_id', 'total_count'), row('evt-1', '3'), row('evt-2', '4')], 't2'),
        // A later page starts with data, even an event whose id reads like a label.
        t2: page([row('event_id', '5'), row('evt-3', undefined)], 't3'),
        t3: page([row('evt-4', '6')]),
      },
    });
    const time = fakeTime();
    const engine = createAthenaEngine({ client, ...options, pageSize: 3, ...time });

    const result = await engine.run('SELECT event_id, count(*) AS total_count FROM participation_logs');

    expect(result).toEqual({
      columns: ['event_id', 'total_count'],
      rows: [
        { event_id: 'evt-1', total_count: 3 },
        { event_id: 'evt-2', total_count: 4 },
        { event_id: 'event_id', total_count: 5 },
        { event_id: 'evt-3', total_count: null },
        { event_id: 'evt-4', total_count: 6 },
      ],
    });
    expect(time.sleeps).toEqual([250, 250]);
    expect(sent[0]?.input).toEqual({
      QueryString: 'SELECT event_id, count(*) AS total_count FROM participation_logs',
      QueryExecutionContext: { Database: 'g1' },
      ResultConfiguration: { OutputLocation: 's3://results/' },
      WorkGroup: 'primary',
    });
    const reads = sent.filter((call) => call.name === 'GetQueryResultsCommand').map((call) => call.input);
    expect(reads).toEqual([
      { QueryExecutionId: 'q-1', MaxResults: 3 },
      { QueryExecutionId: 'q-1', MaxResults: 3, NextToken: 't2' },
      { QueryExecutionId: 'q-1', MaxResults: 3, NextToken: 't3' },
    ]);
  });

  it('fails with the StateChangeReason and the query name when the query FAILED', async () => {
    const reason = "COLUMN_NOT_FOUND: line 4:8: Column 'queuedat' cannot be resolved";
    const { client, sent } = scriptedClient({ states: [{ State: 'FAILED', StateChangeReason: reason }] });
    const engine = createAthenaEngine({ client, ...options, ...fakeTime() });

    const error = await engine.run('SELECT 1', { name: 'p95-delays' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError).code).toBe('QUERY_FAILED');
    expect((error as Error).message).toContain('p95-delays');
    expect((error as Error).message).toContain(reason);
    expect((error as QueryFailedError).failure).toMatchObject({ state: 'FAILED', queryExecutionId: 'q-1' });
    expect(sent.map((call) => call.name)).not.toContain('GetQueryResultsCommand');
  });

  it('stops the query and fails once timeoutMs has passed', async () => {
    const { client, sent } = scriptedClient({ states: [{ State: 'RUNNING' }] });
    const time = fakeTime();
    const engine = createAthenaEngine({ client, ...options, timeoutMs: 1_000, ...time });

    const error = await engine
      .run('SELECT 1', { name: 'traffic-per-minute' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(QueryTimedOutError);
    expect((error as Error).message).toContain('traffic-per-minute');
    expect(time.sleeps).toEqual([250, 250, 250, 250]);
    expect(sent.at(-1)).toEqual({ name: 'StopQueryExecutionCommand', input: { QueryExecutionId: 'q-1' } });
  });

  it('reports the timeout even when stopping the query fails', async () => {
    const { client } = scriptedClient({ states: [{ State: 'QUEUED' }], stopFails: true });
    const engine = createAthenaEngine({ client, ...options, timeoutMs: 500, ...fakeTime() });

    await expect(engine.run('SELECT 1')).rejects.toThrow(QueryTimedOutError);
  });

  it('repairs partitions with MSCK REPAIR TABLE', async () => {
    const { client, sent } = scriptedClient({
      states: [{ State: 'SUCCEEDED' }],
      pages: { '': { ResultSet: { Rows: [], ResultSetMetadata: { ColumnInfo: [] } } } },
    });
    const engine = createAthenaEngine({ client, ...options, ...fakeTime() });

    await engine.repairPartitions();

    expect(sent[0]?.input.QueryString).toBe('MSCK REPAIR TABLE participation_logs');
  });

  it('checks its options', () => {
    const { client } = scriptedClient({ states: [] });

    expect(() => createAthenaEngine({ client, ...options, pageSize: 1001 })).toThrow(
      'pageSize must be an integer from 1 to 1000 (got 1001)',
    );
    expect(() => createAthenaEngine({ client, ...options, pollIntervalMs: 5_000, timeoutMs: 1_000 })).toThrow(
      'pollIntervalMs must be less than timeoutMs',
    );
  });
});
