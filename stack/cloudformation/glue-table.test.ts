// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${bucket} and ${AWS::...} are SQL and Fn::Sub placeholders.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GlueTableParseError, parseCreateTable } from './glue-table';

const SQL = readFileSync(join(import.meta.dirname, '../../analytics/sql/create-table.sql'), 'utf8');

describe('parseCreateTable', () => {
  it('reads every column, the partitions, the SerDe and the location of create-table.sql', () => {
    const table = parseCreateTable(SQL);

    expect(table.name).toBe('participation_logs');
    expect(table.columns.map((column) => column.Name)).toEqual([
      'schemaversion',
      'env',
      'eventid',
      'requestid',
      'eventtype',
      'finalstatus',
      'resultcode',
      'timestamps',
      'delivery',
      'failure',
      'meta',
    ]);
    expect(table.columns.find((column) => column.Name === 'timestamps')?.Type).toBe(
      'struct<queuedAt:bigint,startedAt:bigint,finishedAt:bigint>',
    );
    expect(table.columns.find((column) => column.Name === 'schemaversion')?.Type).toBe('int');
    expect(table.partitionKeys).toEqual([
      { Name: 'dt', Type: 'string' },
      { Name: 'hour', Type: 'string' },
    ]);
    expect(table.serde).toBe('org.openx.data.jsonserde.JsonSerDe');
    expect(table.serdeParameters).toEqual({ 'ignore.malformed.json': 'true' });
    expect(table.location).toBe('s3://${bucket}/events/');
    expect(table.tableProperties).toEqual({ 'projection.enabled': 'false' });
  });

  it('names what it could not read instead of rendering another table', () => {
    expect(() => parseCreateTable('CREATE TABLE x (a int)')).toThrow(GlueTableParseError);
    expect(() => parseCreateTable(SQL.replace("LOCATION 's3://${bucket}/events/'", ''))).toThrow(
      /no LOCATION/,
    );
    expect(() => parseCreateTable(SQL.replace('env string', 'env'))).toThrow(/cannot read the column "env"/);
  });
});
