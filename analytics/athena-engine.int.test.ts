/**
 * The Athena engine's calls against moto, which emulates the Athena API (not its SQL): results
 * are seeded, states are driven by moto's state manager. moto answers GetQueryResults with every
 * seeded row at once and never a NextToken, so paging across pages is covered by
 * athena-engine.test.ts; moto also never reaches FAILED, so that state and its StateChangeReason
 * are covered there too. CANCELLED and the timeout are real moto executions here.
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  ListQueryExecutionsCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { eventually } from '../test/harness';
import { createAthenaEngine } from './athena-engine';
import { QueryFailedError, QueryTimedOutError } from './errors';
import { loadQuery, runQuery } from './query-engine';
import { holdAthenaStates, releaseAthenaStates, seedAthenaResult } from './test-support/moto-athena';
import { perMinuteRow, resultMixRow } from './test-support/query-rows';

// Seeded results queue per region: a region no other test uses keeps them ours.
const REGION = 'ap-northeast-2';
const DAY = { dtFrom: '2026-11-22', dtTo: '2026-11-22' };

describe('Athena query engine against moto', () => {
  const motoUrl = inject('awsTarget').endpoints.eventbridge as string;
  const client = new AthenaClient({
    region: REGION,
    endpoint: motoUrl,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const engineOptions = {
    client,
    database: 'g1',
    outputLocation: 's3://g1-athena-results/',
    pollIntervalMs: 20,
  };

  afterEach(() => releaseAthenaStates(motoUrl));
  afterAll(() => client.destroy());

  async function executionIds(): Promise<Set<string>> {
    const { QueryExecutionIds = [] } = await client.send(new ListQueryExecutionsCommand({}));
    return new Set(QueryExecutionIds);
  }

  it('runs the DDL and MSCK REPAIR TABLE, whose results have no label row', async () => {
    const engine = createAthenaEngine(engineOptions);

    const created = await engine.run(await loadQuery('create-table', { bucket: 'g1-datalake' }));
    await engine.repairPartitions();

    expect(created).toEqual({ columns: [], rows: [] });
  });

  it('waits through QUEUED and RUNNING, drops the label row and types values by column type', async () => {
    let sleeps = 0;
    const engine = createAthenaEngine({
      ...engineOptions,
      pageSize: 3,
      sleep: async (ms) => {
        sleeps++;
        await new Promise((resolve) => setTimeout(resolve, ms));
      },
    });
    await holdAthenaStates(motoUrl, 2);
    // Seven minutes of traffic: more rows than one page of 3.
    const minutes = Array.from({ length: 7 }, (_, i) => [
      '2026-11-22',
      '02',
      `2026-11-22 02:${String(16 - i).padStart(2, '0')}:00.000 UTC`,
      String(100 + i),
    ]);
    await seedAthenaResult(motoUrl, REGION, {
      columns: [
        { name: 'dt', type: 'varchar' },
        { name: 'hour', type: 'varchar' },
        { name: 'min_time', type: 'timestamp with time zone' },
        { name: 'traffic_per_min', type: 'bigint' },
      ],
      rows: minutes,
    });

    const result = await runQuery(engine, 'traffic-per-minute', DAY);

    expect(sleeps).toBeGreaterThanOrEqual(2);
    expect(result.columns).toEqual(['dt', 'hour', 'min_time', 'traffic_per_min']);
    expect(result.rows).toHaveLength(7);
    expect(result.rows[0]).toEqual(perMinuteRow('traffic_per_min', '2026-11-22T02:16', 100));
    expect(result.rows[6]).toMatchObject({ min_time: '2026-11-22T02:10:00.000Z', traffic_per_min: 106 });
  });

  it('reads booleans, decimals and NULLs', async () => {
    const engine = createAthenaEngine(engineOptions);
    await seedAthenaResult(motoUrl, REGION, {
      columns: [
        { name: 'final_status', type: 'varchar' },
        { name: 'result_code', type: 'varchar' },
        { name: 'is_dlq', type: 'boolean' },
        { name: 'total_count', type: 'bigint' },
        { name: 'ratio_percent', type: 'decimal' },
      ],
      rows: [
        ['SUCCEEDED', 'SUCCESS', 'false', '17', '77.27'],
        ['FAILED_FINAL', null, 'true', '1', '4.55'],
      ],
    });

    const result = await runQuery(engine, 'result-distribution', DAY);

    expect(result.rows).toEqual([
      resultMixRow('SUCCEEDED', 'SUCCESS', false, 17, 77.27),
      resultMixRow('FAILED_FINAL', null, true, 1, 4.55),
    ]);
  });

  it('fails with the query name when the execution is cancelled', async () => {
    const engine = createAthenaEngine(engineOptions);
    await holdAthenaStates(motoUrl, 1_000_000);
    const before = await executionIds();

    const running = runQuery(engine, 'negative-delays', DAY);
    const outcome = running.catch((error: unknown) => error);
    const id = await eventually(
      async () => [...(await executionIds())].find((candidate) => !before.has(candidate)),
      { timeoutMs: 5_000, intervalMs: 10, what: 'the started execution' },
    );
    await client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));

    const error = await outcome;
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError).failure).toMatchObject({
      engine: 'athena',
      queryName: 'negative-delays',
      state: 'CANCELLED',
      queryExecutionId: id,
    });
    expect((error as Error).message).toContain('negative-delays');
  });

  it('stops an execution that outlasts the timeout', async () => {
    const engine = createAthenaEngine({ ...engineOptions, timeoutMs: 300 });
    await holdAthenaStates(motoUrl, 1_000_000);

    const error = await runQuery(engine, 'missing-timestamps', DAY).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(QueryTimedOutError);
    const { queryExecutionId, queryName } = error as QueryTimedOutError;
    expect(queryName).toBe('missing-timestamps');
    const { QueryExecution } = await client.send(
      new GetQueryExecutionCommand({ QueryExecutionId: queryExecutionId }),
    );
    expect(QueryExecution?.Status?.State).toBe('CANCELLED');
  });
});
