/** The dialect bridge on a real in-process DuckDB: the Athena functions the .sql files use. */
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { ATHENA_DIALECT_BRIDGE, buildCreateTableSql, sqlString } from './duckdb-dialect';
import { readerToQueryResult } from './duckdb-values';

async function bridgedConnection() {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  for (const statement of ATHENA_DIALECT_BRIDGE) await connection.run(statement);
  return {
    query: async (sql: string) => readerToQueryResult(await connection.runAndReadAll(sql)).rows,
    [Symbol.dispose]() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

describe('the Athena dialect bridge', () => {
  it('divides integers as Trino does, so from_unixtime(ms / 1000) is whole seconds', async () => {
    using db = await bridgedConnection();

    expect(await db.query('SELECT 7 / 2 AS q, from_unixtime(1795313459999 / 1000) AS t')).toEqual([
      { q: 3, t: '2026-11-22T02:10:59.000Z' },
    ]);
  });

  it("truncates to the minute in UTC, Athena's session zone", async () => {
    using db = await bridgedConnection();

    expect(await db.query("SELECT date_trunc('minute', from_unixtime(1795313459)) AS m")).toEqual([
      { m: '2026-11-22T02:10:00.000Z' },
    ]);
  });

  it('answers approx_percentile as a number', async () => {
    using db = await bridgedConnection();

    const [row] = await db.query(
      'SELECT approx_percentile(CAST(x AS BIGINT), 0.95) AS p95 FROM (VALUES (10), (20), (900), (900)) t(x)',
    );

    expect(row).toEqual({ p95: 900 });
  });

  it('creates an empty participation_logs with the columns of create-table.sql', async () => {
    using db = await bridgedConnection();
    await db.query(buildCreateTableSql(undefined));

    const columns = await db.query(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'participation_logs'",
    );

    expect(columns.map((column) => column.column_name)).toEqual([
      'schemaVersion',
      'env',
      'eventId',
      'requestId',
      'eventType',
      'finalStatus',
      'resultCode',
      'timestamps',
      'delivery',
      'failure',
      'meta',
      'dt',
      'hour',
    ]);
    expect(await db.query('SELECT count(*) AS n FROM participation_logs')).toEqual([{ n: 0 }]);
  });

  it('quotes strings for SQL', () => {
    expect(sqlString("/tmp/o'brien/*")).toBe("'/tmp/o''brien/*'");
  });
});
