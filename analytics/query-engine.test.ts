import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadQuery, REQUIRED_QUERIES, SQL_DIR } from './query-engine';

describe('the query files', () => {
  it('hold exactly the table definition and the required queries', async () => {
    const files = (await readdir(SQL_DIR)).filter((file) => file.endsWith('.sql')).sort();

    expect(files).toEqual(['create-table.sql', ...REQUIRED_QUERIES.map((name) => `${name}.sql`)].sort());
  });

  it.each(REQUIRED_QUERIES)('%s reads participation_logs for a range of days', async (name) => {
    const sql = await loadQuery(name, { dtFrom: '2026-11-22', dtTo: '2026-11-23' });

    expect(sql).toMatch(/^SELECT\b/);
    expect(sql).toContain('FROM participation_logs');
    expect(sql).toContain("dt BETWEEN '2026-11-22' AND '2026-11-23'");
    expect(sql).not.toMatch(/\$\{|;\s*$/);
  });

  it('puts the table at the bucket it is given', async () => {
    const sql = await loadQuery('create-table', { bucket: 'g1-datalake' });

    expect(sql).toMatch(/^CREATE EXTERNAL TABLE IF NOT EXISTS participation_logs/);
    expect(sql).toContain("LOCATION 's3://g1-datalake/events/'");
    expect(sql).toContain("'org.openx.data.jsonserde.JsonSerDe'");
    expect(sql).toContain('PARTITIONED BY (dt string, hour string)');
  });

  it('keeps the seed time anchors: traffic by queuedAt, throughput by finishedAt', async () => {
    const days = { dtFrom: '2026-11-22', dtTo: '2026-11-22' };

    expect(await loadQuery('traffic-per-minute', days)).toContain(
      'from_unixtime(timestamps.queuedAt / 1000)',
    );
    expect(await loadQuery('throughput-per-minute', days)).toContain(
      'from_unixtime(timestamps.finishedAt / 1000)',
    );
  });
});
