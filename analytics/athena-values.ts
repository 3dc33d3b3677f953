/**
 * Reads Athena's GetQueryResults pages into a QueryResult. Pure.
 *
 * Athena returns every value as a string (VarCharValue, absent for NULL) and puts the column
 * labels as the first row of the first page of a SELECT; DDL results have no such row. Values
 * are typed by the column's declared Type, so that both engines give a consumer the same
 * values: numbers, booleans, ISO 8601 timestamps.
 */
import type { ColumnInfo, Row } from '@aws-sdk/client-athena';
import type { QueryValue } from './query-engine';

export interface AthenaColumn {
  readonly name: string;
  readonly type: string;
}

export function readColumns(info: readonly ColumnInfo[] | undefined): AthenaColumn[] {
  return (info ?? []).map((column, index) => ({
    name: column.Name ?? column.Label ?? `_col${index}`,
    type: (column.Type ?? 'varchar').toLowerCase(),
  }));
}

/** True for the label row that heads the first page of a SELECT's results. */
export function isHeaderRow(row: Row | undefined, columns: readonly AthenaColumn[]): boolean {
  const data = row?.Data ?? [];
  return (
    columns.length > 0 &&
    data.length === columns.length &&
    data.every((datum, index) => datum.VarCharValue === columns[index]?.name)
  );
}

export function convertRow(row: Row, columns: readonly AthenaColumn[]): Record<string, QueryValue> {
  const converted: Record<string, QueryValue> = {};
  columns.forEach((column, index) => {
    converted[column.name] = convertValue(column.type, row.Data?.[index]?.VarCharValue);
  });
  return converted;
}

const NUMERIC_TYPES = new Set([
  'tinyint',
  'smallint',
  'integer',
  'int',
  'bigint',
  'double',
  'real',
  'float',
  'decimal',
]);

export function convertValue(type: string, raw: string | undefined): QueryValue {
  if (raw === undefined) return null;
  const base = type.replace(/\(.*$/, '').trim(); // decimal(38,2) -> decimal
  if (NUMERIC_TYPES.has(base)) return toNumber(raw);
  if (base === 'boolean') return raw === 'true';
  if (base.startsWith('timestamp')) return timestampToIso(raw);
  return raw;
}

function toNumber(raw: string): number | string {
  // Athena spells the special doubles as Java does.
  if (raw === 'NaN') return Number.NaN;
  if (raw === 'Infinity') return Number.POSITIVE_INFINITY;
  if (raw === '-Infinity') return Number.NEGATIVE_INFINITY;
  const value = Number(raw);
  // Never seen from Athena; kept as text so a surprise shows up instead of becoming NaN.
  return raw.trim() === '' || Number.isNaN(value) ? raw : value;
}

const ATHENA_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)(?: UTC)?$/;

/**
 * '2026-11-22 02:10:00.000' and '2026-11-22 02:10:00.000 UTC' (a timestamp with time zone in
 * Athena's UTC session) become '2026-11-22T02:10:00.000Z', the form the DuckDB engine gives.
 * Any other zone is left as Athena wrote it rather than guessed.
 */
export function timestampToIso(raw: string): string {
  const match = ATHENA_TIMESTAMP.exec(raw);
  if (!match) return raw;
  const [, date, time] = match;
  const [whole, fraction = ''] = (time as string).split('.');
  return `${date}T${whole}.${fraction.padEnd(3, '0').slice(0, 3)}Z`;
}
