import { describe, expect, it } from 'vitest';
import { convertRow, convertValue, isHeaderRow, readColumns, timestampToIso } from './athena-values';

describe('convertValue', () => {
  it.each([
    ['bigint', '42', 42],
    ['integer', '-7', -7],
    ['double', '0.95', 0.95],
    ['decimal(38,2)', '77.27', 77.27],
    ['boolean', 'true', true],
    ['boolean', 'false', false],
    ['varchar', '02', '02'],
    ['timestamp', '2026-11-22 02:10:00.000', '2026-11-22T02:10:00.000Z'],
    ['timestamp with time zone', '2026-11-22 02:10:05.5 UTC', '2026-11-22T02:10:05.500Z'],
    ['date', '2026-11-22', '2026-11-22'],
  ] as const)('reads %s %s', (type, raw, expected) => {
    expect(convertValue(type, raw)).toEqual(expected);
  });

  it('keeps a numeric column value that is not a number as text', () => {
    expect(convertValue('bigint', 'n/a')).toBe('n/a');
    expect(convertValue('double', 'NaN')).toBeNaN();
  });

  it('reads a missing VarCharValue as NULL whatever the type', () => {
    expect(convertValue('bigint', undefined)).toBeNull();
    expect(convertValue('varchar', undefined)).toBeNull();
  });

  it('leaves a timestamp in another zone as Athena wrote it rather than guess', () => {
    expect(timestampToIso('2026-11-22 11:10:00.000 Asia/Seoul')).toBe('2026-11-22 11:10:00.000 Asia/Seoul');
  });
});

describe('the label row', () => {
  const columns = readColumns([
    { Name: 'event_id', Type: 'varchar' },
    { Name: 'n', Type: 'bigint' },
  ]);

  it('is the row that repeats the column names', () => {
    expect(isHeaderRow({ Data: [{ VarCharValue: 'event_id' }, { VarCharValue: 'n' }] }, columns)).toBe(true);
    expect(isHeaderRow({ Data: [{ VarCharValue: 'evt-1' }, { VarCharValue: '3' }] }, columns)).toBe(false);
    expect(isHeaderRow(undefined, columns)).toBe(false);
  });

  it('is never found when there are no columns', () => {
    expect(isHeaderRow({ Data: [] }, [])).toBe(false);
  });
});

describe('convertRow', () => {
  it('keys values by column name, typed by column type', () => {
    const columns = readColumns([
      { Name: 'event_id', Type: 'varchar' },
      { Name: 'p95_queue_delay_ms', Type: 'bigint' },
      { Name: 'p50', Type: 'double' },
    ]);

    expect(convertRow({ Data: [{ VarCharValue: 'evt-1' }, {}, { VarCharValue: '1.5' }] }, columns)).toEqual({
      event_id: 'evt-1',
      p95_queue_delay_ms: null,
      p50: 1.5,
    });
  });
});
