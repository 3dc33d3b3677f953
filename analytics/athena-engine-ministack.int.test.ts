/**
 * The Athena engine's client logic against an Athena API that really executes SQL: ministack
 * (MIT) runs Athena queries on DuckDB (duckdb is installed in .venv-ministack) over the NDJSON
 * it holds in its S3, with databases from its Glue. Here the states, the label row, paging and
 * the failure reasons come from a real engine; athena-engine.int.test.ts covers moto's CANCELLED
 * and timeouts. DuckDB lacks Trino's approx_percentile and from_unixtime, so p95-delays and the
 * per-minute queries fail there: that failure is itself a test of the FAILED path.
 */

import { join } from 'node:path';
import { AthenaClient } from '@aws-sdk/client-athena';
import { CreateDatabaseCommand, GlueClient } from '@aws-sdk/client-glue';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedChild, startChild } from '../stack/embedded/child-process';
import { ministackSpec } from '../stack/embedded/emulators';
import { findFreePort } from '../stack/embedded/free-port';
import { createAthenaEngine } from './athena-engine';
import { QueryFailedError } from './errors';
import { loadQuery, runQuery } from './query-engine';

const root = join(import.meta.dirname, '..');
const BUCKET = 'athena-lake';
const DATABASE = 'participation';
const HOUR = Date.UTC(2026, 10, 22, 2, 0);

function detail(
  requestId: string,
  finalStatus: string,
  t: { q?: number; s?: number | null; f?: number | null },
  isDlq = false,
) {
  return JSON.stringify({
    schemaVersion: 1,
    env: 'test',
    eventId: 'EVT-1',
    requestId,
    eventType: 'FIRST_COME',
    finalStatus,
    resultCode: { SUCCEEDED: 'SUCCESS', REJECTED: 'REJECTED_CAPACITY' }[finalStatus] ?? 'FAILED_WORKER',
    timestamps: {
      queuedAt: t.q ?? HOUR,
      startedAt: t.s === undefined ? HOUR + 10 : t.s,
      finishedAt: t.f === undefined ? HOUR + 20 : t.f,
    },
    delivery: { attempt: 1, isDlq },
    failure: { failureClass: null, errorCode: null, errorMessage: null },
    meta: { workerId: 'w1' },
  });
}

describe('Athena engine against ministack (SQL executed on DuckDB)', () => {
  let ministack: StartedChild;
  let client: AthenaClient;
  let resultPages = 0;
  const engineFor = (pageSize = 1000) =>
    createAthenaEngine({
      client,
      database: DATABASE,
      outputLocation: `s3://${BUCKET}/athena-results/`,
      pollIntervalMs: 25,
      pageSize,
    });

  beforeAll(async () => {
    const port = await findFreePort();
    const spec = ministackSpec(root, port, join(root, '.stack', 'test-athena'));
    ministack = await startChild({ ...spec, env: { ...spec.env, SERVICES: 'athena,glue,s3' } });
    const config = {
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    };
    client = new AthenaClient(config);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GetQueryResultsCommand') resultPages++;
        return next(args);
      },
      { step: 'initialize', name: 'countResultPages' },
    );
    const glue = new GlueClient(config);
    const s3 = new S3Client({ ...config, forcePathStyle: true });
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: DATABASE } }));
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const put = (key: string, lines: string[]) =>
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: `${lines.join('\n')}\n` }));
    await put('events/dt=2026-11-22/hour=02/a.json', [
      detail('r1', 'SUCCEEDED', {}),
      detail('r2', 'SUCCEEDED', {}),
      detail('r3', 'REJECTED', {}),
    ]);
    await put('events/dt=2026-11-22/hour=03/b.json', [
      detail('r4', 'SUCCEEDED', {}),
      detail('r5', 'FAILED_FINAL', { s: null }, true),
    ]);
    // Another day: one negative queue delay, one missing finishedAt.
    await put('events/dt=2026-11-23/hour=00/c.json', [
      detail('r6', 'SUCCEEDED', { q: HOUR + 500, s: HOUR + 100, f: HOUR + 900 }),
      detail('r7', 'REJECTED', { f: null }),
    ]);
    glue.destroy();
    s3.destroy();
  });
  afterAll(async () => {
    client?.destroy();
    await ministack?.stop();
  });

  it('creates the table of create-table.sql through Glue and computes the result mix from the data', async () => {
    const engine = engineFor();

    const created = await engine.run(await loadQuery('create-table', { bucket: BUCKET }));
    const mix = await runQuery(engine, 'result-distribution', { dtFrom: '2026-11-22', dtTo: '2026-11-22' });

    expect(created).toEqual({ columns: [], rows: [] });
    expect(mix.columns).toEqual(['final_status', 'result_code', 'is_dlq', 'total_count', 'ratio_percent']);
    expect(mix.rows).toEqual([
      { final_status: 'SUCCEEDED', result_code: 'SUCCESS', is_dlq: false, total_count: 3, ratio_percent: 60 },
      {
        final_status: 'FAILED_FINAL',
        result_code: 'FAILED_WORKER',
        is_dlq: true,
        total_count: 1,
        ratio_percent: 20,
      },
      {
        final_status: 'REJECTED',
        result_code: 'REJECTED_CAPACITY',
        is_dlq: false,
        total_count: 1,
        ratio_percent: 20,
      },
    ]);
  });

  it('counts negative delays and missing timestamps only in the days asked for', async () => {
    const engine = engineFor();
    const day = (dt: string) => ({ dtFrom: dt, dtTo: dt });

    const clean = await runQuery(engine, 'negative-delays', day('2026-11-22'));
    const negative = await runQuery(engine, 'negative-delays', day('2026-11-23'));
    const missing = await runQuery(engine, 'missing-timestamps', day('2026-11-23'));

    expect(clean.rows).toEqual([{ negative_delay_count: 0 }]);
    expect(negative.rows).toEqual([{ negative_delay_count: 1 }]);
    expect(missing.rows).toEqual([{ missing_timestamp_count: 1 }]);
  });

  it('pages through GetQueryResults by NextToken and drops the label row of the first page only', async () => {
    const engine = engineFor(2);
    resultPages = 0;

    const result = await engine.run(
      "SELECT requestId AS request_id FROM participation_logs WHERE dt = '2026-11-22' ORDER BY requestId",
    );

    expect(result.rows.map((row) => row.request_id)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
    // label + 5 rows in pages of 2
    expect(resultPages).toBe(3);
  });

  it('fails p95-delays with FAILED and the engine reason: DuckDB has no approx_percentile', async () => {
    const error = await runQuery(engineFor(), 'p95-delays', {
      dtFrom: '2026-11-22',
      dtTo: '2026-11-22',
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError).failure).toMatchObject({
      engine: 'athena',
      queryName: 'p95-delays',
      state: 'FAILED',
      reason: expect.stringContaining('approx_percentile'),
    });
  });

  it('fails MSCK REPAIR TABLE with the parser reason: ministack finds partitions from the paths instead', async () => {
    const error = await engineFor()
      .repairPartitions()
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError).failure).toMatchObject({
      queryName: 'repair-partitions',
      state: 'FAILED',
      reason: expect.stringContaining('MSCK'),
    });
  });
});
