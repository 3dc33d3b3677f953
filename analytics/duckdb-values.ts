/**
 * Converts what DuckDB returns into a QueryResult with the same value types the Athena engine
 * produces: numbers for every numeric type (BIGINT counts arrive as bigint), ISO 8601 strings
 * for dates and timestamps, JSON text for structs, lists and maps. Pure.
 */
import { type DuckDBResultReader, DuckDBTypeId, type JS } from '@duckdb/node-api';
import type { QueryResult, QueryValue } from './query-engine';

export function readerToQueryResult(reader: DuckDBResultReader): QueryResult {
  const columns = reader.columnNames();
  const typeIds = reader.columnTypes().map((type) => type.typeId);
  const rows = reader.getRowObjectsJS().map((row) => {
    const converted: Record<string, QueryValue> = {};
    columns.forEach((column, index) => {
      converted[column] = toQueryValue(row[column] ?? null, typeIds[index]);
    });
    return converted;
  });
  return { columns, rows };
}

export function toQueryValue(value: JS, typeId: DuckDBTypeId | undefined): QueryValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return dateToIso(value, typeId === DuckDBTypeId.DATE);
  return JSON.stringify(value, jsonReplacer);
}

function dateToIso(date: Date, dateOnly: boolean): string {
  // +-infinity and dates outside the JS range arrive as invalid Dates.
  if (Number.isNaN(date.getTime())) return String(date);
  const iso = date.toISOString();
  return dateOnly ? iso.slice(0, 10) : iso;
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}
