import { DuckDBInstance, DuckDBTypeId } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { readerToQueryResult, toQueryValue } from './duckdb-values';

describe('DuckDB values in a QueryResult', () => {
  it('gives numbers, ISO strings and JSON the way the Athena engine gives them', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(`
        SELECT
          count(*) AS n,
          CAST(77.27 AS DECIMAL(5, 2)) AS ratio,
          TIMESTAMPTZ '2026-11-22 02:10:00+00' AS ts_tz,
          TIMESTAMP '2026-11-22 02:10:00.123' AS ts,
          DATE '2026-11-22' AS d,
          {'queuedAt': 1795313400000::BIGINT, 'isDlq': true} AS s,
          [1, 2] AS l,
          true AS b,
          NULL AS nothing
      `);

      expect(readerToQueryResult(reader)).toEqual({
        columns: ['n', 'ratio', 'ts_tz', 'ts', 'd', 's', 'l', 'b', 'nothing'],
        rows: [
          {
            n: 1,
            ratio: 77.27,
            ts_tz: '2026-11-22T02:10:00.000Z',
            ts: '2026-11-22T02:10:00.123Z',
            d: '2026-11-22',
            s: '{"queuedAt":1795313400000,"isDlq":true}',
            l: '[1,2]',
            b: true,
            nothing: null,
          },
        ],
      });
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('keeps an out-of-range timestamp readable instead of throwing', () => {
    expect(toQueryValue(new Date(Number.NaN), DuckDBTypeId.TIMESTAMP)).toBe('Invalid Date');
  });
});
