import { describe, expect, it } from 'vitest';
import { type G1SectionInput, QUERY_ROW_LIMIT, renderG1Headline, renderG1Sections } from './g1-section';

function aG1Input(overrides: Partial<G1SectionInput> = {}): G1SectionInput {
  return {
    engine: 'DuckDB 1.5 over the bucket (embedded)',
    queries: [
      {
        name: 'result-distribution',
        sql: 'SELECT resultCode, delivery.isDlq, count(*) AS total_count\nFROM participation_logs\nGROUP BY 1, 2',
        result: {
          columns: ['resultCode', 'isDlq', 'total_count'],
          rows: [
            { resultCode: 'REJECTED_CAPACITY', isDlq: false, total_count: 950 },
            { resultCode: 'SUCCESS', isDlq: false, total_count: 50 },
            { resultCode: 'FAILED_FINAL', isDlq: true, total_count: 3 },
          ],
        },
      },
      {
        name: 'negative-delays',
        sql: 'SELECT count(*) AS negative_delay_count FROM participation_logs',
        result: { columns: ['negative_delay_count'], rows: [{ negative_delay_count: 0 }] },
      },
    ],
    metrics: {
      trafficPerMinutePeak: 1_200,
      totalEvents: 1_003,
      resultMix: { SUCCESS: 50, REJECTED_CAPACITY: 950, FAILED_FINAL: 3 },
      dlqShare: 3 / 1_003,
      p95QueueDelayMs: 12_345,
      p95EndToEndDelayMs: 40.25,
    },
    reconciliation: {
      finalRequests: 1_003,
      events: 1_005,
      missing: 0,
      duplicates: 2,
      mismatched: 0,
      orphans: 0,
    },
    validation: {
      negativeDelays: 0,
      missingTimestamps: 0,
      badKeys: 0,
      malformedLines: 0,
      objects: 4,
      errorObjects: 0,
    },
    delivery: {
      bufferingSeconds: 60,
      bufferingMegabytes: 1,
      prefix: 'events/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/',
      imitation: 'The embedded delivery stage imitates Firehose; on AWS the real stream does this.',
    },
    ...overrides,
  };
}

function section(input: G1SectionInput, title: string): string {
  const found = renderG1Sections(input).find((s) => s.title === title);
  if (!found) throw new Error(`no section ${title}`);
  return found.markdown;
}

describe('renderG1Sections', () => {
  it('gives the analytics, reconciliation and validation sections, and the swallow one only when run', () => {
    expect(renderG1Sections(aG1Input()).map((s) => s.title)).toEqual([
      'Analytics (G1)',
      'Required queries',
      'Reconciliation',
      'Data validation',
    ]);
    const swallow = {
      users: 20,
      capacity: 5,
      statusCounts: { SUCCEEDED: 5, REJECTED: 15 },
      publishFailuresMetric: 20,
      queueEmpty: true,
      eventsDelivered: 0,
      valid: true,
    };
    expect(renderG1Sections(aG1Input({ swallow })).map((s) => s.title)).toContain('Swallow sub-run');
  });

  it('opens the analytics with the four figures, the engine, the delivery and the charts', () => {
    const md = section(aG1Input(), 'Analytics (G1)');

    const [headline] = md.split('\n');
    expect(headline).toBe(
      '**Traffic peak** 1,200/min (by queuedAt) · **Result mix** REJECTED_CAPACITY 950 / SUCCESS 50 / FAILED_FINAL 3 of 1,003 events, DLQ 0.30% · **p95 queue delay** 12.3 s · **p95 end-to-end delay** 40.3 ms',
    );
    expect(md).toContain('DuckDB 1.5 over the bucket (embedded)');
    expect(md).toContain('imitates Firehose');
    expect(md).toContain('`events/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/`');
    expect(renderG1Sections(aG1Input())[0]?.charts).toEqual(['traffic', 'result-mix', 'delays']);
  });

  it('shows each query under its name with the SQL folded away and the result as a table', () => {
    const md = section(aG1Input(), 'Required queries');

    expect(md).toContain(
      '### result-distribution\n\n<details><summary>SQL</summary>\n\n```sql\nSELECT resultCode, delivery.isDlq, count(*) AS total_count\nFROM participation_logs\nGROUP BY 1, 2\n```\n\n</details>',
    );
    expect(md).toContain('| resultCode | isDlq | total_count |');
    expect(md).toContain('| REJECTED_CAPACITY | false | 950 |');
    expect(md).toContain('| FAILED_FINAL | true | 3 |');
    expect(md).toContain('### negative-delays');
    expect(md).toContain('| 0 |');
  });

  it('escapes pipes and markup in cells and shows null as null', () => {
    const md = section(
      aG1Input({
        queries: [
          {
            name: 'odd | values',
            sql: 'SELECT 1',
            result: { columns: ['a|b', 'c'], rows: [{ 'a|b': 'x | <y>', c: null }] },
          },
        ],
      }),
      'Required queries',
    );

    expect(md).toContain('### odd \\| values');
    expect(md).toContain('| a\\|b | c |');
    expect(md).toContain('| x \\| &lt;y&gt; | *null* |');
  });

  it('shows the error of a query that failed, next to its SQL', () => {
    const md = section(
      aG1Input({
        queries: [
          {
            name: 'p95-delays',
            sql: 'SELECT approx_percentile(x, 0.95)',
            result: { error: 'Catalog Error: no table\nline 2' },
          },
        ],
      }),
      'Required queries',
    );

    expect(md).toContain('### p95-delays');
    expect(md).toContain('approx_percentile');
    expect(md).toContain('**The query failed:**\n\n```text\nCatalog Error: no table\nline 2\n```');
  });

  it(`cuts a long result at ${QUERY_ROW_LIMIT} rows and says how many were left out`, () => {
    const rows = Array.from({ length: 45 }, (_, i) => ({ minute: `m-${i}`, traffic: i }));
    const md = section(
      aG1Input({
        queries: [{ name: 'traffic', sql: 'SELECT 1', result: { columns: ['minute', 'traffic'], rows } }],
      }),
      'Required queries',
    );

    expect(md).toContain('| m-29 | 29 |');
    expect(md).not.toContain('| m-30 | 30 |');
    expect(md).toContain('Showing the first 30 of 45 rows; 15 more left out.');
  });

  it('says nothing was left out of a result at the limit, and says so when there are no rows', () => {
    const rows = Array.from({ length: QUERY_ROW_LIMIT }, (_, i) => ({ n: i }));
    const md = section(
      aG1Input({
        queries: [
          { name: 'full', sql: 'SELECT 1', result: { columns: ['n'], rows } },
          { name: 'empty', sql: 'SELECT 1', result: { columns: ['n'], rows: [] } },
        ],
      }),
      'Required queries',
    );

    expect(md).not.toContain('left out');
    expect(md).toContain('The query returned no rows.');
  });

  it('flags a reconciliation count that must be zero and is not', () => {
    const md = section(
      aG1Input({
        reconciliation: {
          finalRequests: 10,
          events: 9,
          missing: 1,
          duplicates: 0,
          mismatched: 0,
          orphans: 0,
        },
      }),
      'Reconciliation',
    );

    expect(md).toContain('| final requests without an event | 1 | 0 | **no** |');
    expect(md).toContain('| events disagreeing with the table | 0 | 0 | yes |');
    expect(md).toContain('| duplicate events (redelivery) | 0 | - | - |');
  });

  it('expects every validation count but the objects to be zero', () => {
    const md = section(
      aG1Input({ validation: { ...aG1Input().validation, malformedLines: 2 } }),
      'Data validation',
    );

    expect(md).toContain('| negative delays | 0 | 0 | yes |');
    expect(md).toContain('| lines that are not one JSON object | 2 | 0 | **no** |');
    expect(md).toContain('| objects | 4 | - | - |');
  });

  it('reports the swallow sub-run: statuses, metric against users, empty queue, no events, verdict', () => {
    const md = section(
      aG1Input({
        swallow: {
          users: 20,
          capacity: 5,
          statusCounts: { SUCCEEDED: 5, REJECTED: 15 },
          publishFailuresMetric: 19,
          queueEmpty: true,
          eventsDelivered: 1,
          valid: false,
        },
      }),
      'Swallow sub-run',
    );

    expect(md).toContain('EventBridge was unreachable for 20 users against a capacity of 5');
    expect(md).toContain('| `REJECTED` | 15 |');
    expect(md).toContain('| **total** | 20 |');
    expect(md).toContain('| publish-failure metric | 19 for 20 users |');
    expect(md).toContain('| main queue empty afterwards | yes |');
    expect(md).toContain('| events delivered for this event (must be 0) | **1** |');
    expect(md).toContain('| verdict | **FAIL** |');
  });
});

describe('renderG1Headline', () => {
  it('concludes a passing run with the four figures', () => {
    expect(renderG1Headline(aG1Input())).toBe(
      'analytics answered both queries: peak 1,200/min, REJECTED_CAPACITY 950 / SUCCESS 50 / FAILED_FINAL 3 (DLQ 0.30%), p95 queue delay 12.3 s, p95 end-to-end 40.3 ms',
    );
  });

  it('says all six when the six required queries answered', () => {
    const six = Array.from({ length: 6 }, (_, i) => ({
      name: `q${i}`,
      sql: 'SELECT 1',
      result: { columns: ['n'], rows: [{ n: i }] },
    }));

    expect(renderG1Headline(aG1Input({ queries: six }))).toMatch(/^analytics answered all six queries: /);
  });

  it('names the failed queries and shows missing figures as n/a', () => {
    const input = aG1Input({
      queries: [...aG1Input().queries, { name: 'p95-delays', sql: 'SELECT 1', result: { error: 'boom' } }],
      metrics: {
        ...aG1Input().metrics,
        trafficPerMinutePeak: null,
        p95QueueDelayMs: null,
        p95EndToEndDelayMs: null,
      },
    });

    const headline = renderG1Headline(input);

    expect(headline).toMatch(/^analytics answered 2 of 3 queries \(failed: p95-delays\): peak n\/a, /);
    expect(headline).toMatch(/p95 queue delay n\/a, p95 end-to-end n\/a$/);
  });
});
