/**
 * The DuckDB engine against the fauxqs S3 of the embedded stack: objects laid out as Firehose
 * writes them, all six required queries, and the two checks that must fail on bad data.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDuckDbEngine } from './duckdb-engine';
import { type QueryEngine, REQUIRED_QUERIES, runQuery } from './query-engine';
import { deadLettered, rejected, succeeded, toNdjson } from './test-support/participation-events';
import { perMinuteRow, resultMixRow } from './test-support/query-rows';

const T0 = Date.UTC(2026, 10, 22, 2, 10, 0); // 2026-11-22T02:10:00Z
const HOUR_02 = 'events/dt=2026-11-22/hour=02';
const HOUR_03 = 'events/dt=2026-11-22/hour=03';
const DAY = { dtFrom: '2026-11-22', dtTo: '2026-11-22' };
const EVENT_A = 'evt-g1-a';
const EVENT_B = 'evt-g1-b';

/**
 * Event A, 20 requests queued 4 s apart from 02:10:00 (15 in 02:10, 5 in 02:11):
 *   i 0-15   queue delay 10*(i+1) ms, processed in 40 ms; 0-11 SUCCEEDED, 12-15 REJECTED
 *   i 16-18  queue delay 900 ms, finished 58 s after queuedAt (in 02:12), SUCCEEDED
 *   i 19     never started, dead-lettered 58 s after queuedAt (in 02:12), FAILED_FINAL
 * The slowest values repeat, so p95 is 900 / 58000 whether an engine interpolates or ranks.
 */
function eventA() {
  return Array.from({ length: 20 }, (_, i) => {
    const queuedAt = T0 + i * 4_000;
    if (i === 19) return deadLettered(EVENT_A, { queuedAt, startedAt: null, finishedAt: queuedAt + 58_000 });
    if (i >= 16)
      return succeeded(EVENT_A, { queuedAt, startedAt: queuedAt + 900, finishedAt: queuedAt + 58_000 });
    const startedAt = queuedAt + 10 * (i + 1);
    const times = { queuedAt, startedAt, finishedAt: startedAt + 40 };
    return i < 12 ? succeeded(EVENT_A, times) : rejected(EVENT_A, times);
  });
}

/** Event B, two requests queued at 03:00, delivered in the hour=03 partition. */
function eventB() {
  const at = T0 + 50 * 60_000;
  return [0, 5_000].map((offset) =>
    succeeded(EVENT_B, { queuedAt: at + offset, startedAt: at + offset + 40, finishedAt: at + offset + 70 }),
  );
}

describe('DuckDB query engine over the fauxqs bucket', () => {
  const target = inject('awsTarget');
  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: target.endpoints.s3 as string,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    forcePathStyle: true,
  });
  const bucket = `g1-analytics-${Date.now().toString(36)}`;
  let mirrorDir: string;
  let engine: QueryEngine;

  const put = (key: string, body: string) =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  const count = async (name: 'negative-delays' | 'missing-timestamps') => {
    const { rows } = await runQuery(engine, name, DAY);
    return Object.values(rows[0] ?? {})[0];
  };

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    mirrorDir = await mkdtemp(join(tmpdir(), 'g1-mirror-'));
    // A page size of 2 makes the mirror page through ListObjectsV2.
    engine = await createDuckDbEngine({ s3, bucket, mirrorDir, listPageSize: 2 });
  });

  afterAll(async () => {
    await engine?.close();
    if (mirrorDir) await rm(mirrorDir, { recursive: true, force: true });
    s3.destroy();
  });

  it('answers every required query with empty results before anything is delivered', async () => {
    await engine.repairPartitions();

    for (const name of REQUIRED_QUERIES) {
      const { rows } = await runQuery(engine, name, DAY);
      if (name === 'negative-delays' || name === 'missing-timestamps') expect(rows).toHaveLength(1);
      else expect(rows, name).toEqual([]);
    }
    expect(await count('negative-delays')).toBe(0);
  });

  describe('with a delivered run', () => {
    beforeAll(async () => {
      const a = eventA();
      await put(`${HOUR_02}/firehose-1-2026-11-22-02-10-30-a`, toNdjson(a.slice(0, 10)));
      await put(`${HOUR_02}/firehose-1-2026-11-22-02-13-00-b`, toNdjson(a.slice(10)));
      await put(`${HOUR_03}/firehose-1-2026-11-22-03-01-00-c`, toNdjson(eventB()));
      // A record Firehose could not deliver: never part of the table.
      await put(
        'events/error/processing-failed/2026/11/22/02/firehose-1-error',
        toNdjson([succeeded(EVENT_A, { queuedAt: T0, startedAt: T0 + 1, finishedAt: T0 + 2 })]),
      );
      await engine.repairPartitions();
    });

    it('mirrors the partitions and leaves events/error/ out', async () => {
      expect((await readdir(join(mirrorDir, 'events'))).sort()).toEqual(['dt=2026-11-22']);
      expect((await readdir(join(mirrorDir, 'events', 'dt=2026-11-22'))).sort()).toEqual([
        'hour=02',
        'hour=03',
      ]);
    });

    // Newest minute first; each of these minutes was delivered in its own hour's partition.
    it.each([
      {
        query: 'traffic-per-minute',
        column: 'traffic_per_min',
        of: 'queuedAt',
        minutes: [
          ['2026-11-22T03:00', 2],
          ['2026-11-22T02:11', 5],
          ['2026-11-22T02:10', 15],
        ],
      },
      {
        query: 'throughput-per-minute',
        column: 'throughput_per_min',
        of: 'finishedAt',
        minutes: [
          ['2026-11-22T03:00', 2],
          ['2026-11-22T02:12', 4],
          ['2026-11-22T02:11', 1],
          ['2026-11-22T02:10', 15],
        ],
      },
    ] as const)('$query counts requests per minute of $of', async ({ query, column, minutes }) => {
      const result = await runQuery(engine, query, DAY);

      expect(result.columns).toEqual(['dt', 'hour', 'min_time', column]);
      expect(result.rows).toEqual(minutes.map(([minute, count]) => perMinuteRow(column, minute, count)));
    });

    it('splits results by status, code and DLQ delivery with their shares', async () => {
      const result = await runQuery(engine, 'result-distribution', DAY);

      expect(result.columns).toEqual([
        'final_status',
        'result_code',
        'is_dlq',
        'total_count',
        'ratio_percent',
      ]);
      expect(result.rows).toEqual([
        resultMixRow('SUCCEEDED', 'SUCCESS', false, 17, 77.27),
        resultMixRow('REJECTED', 'REJECTED_CAPACITY', false, 4, 18.18),
        resultMixRow('FAILED_FINAL', 'FAILED_WORKER', true, 1, 4.55),
      ]);
    });

    it('gives p95 queue and end-to-end delay per event', async () => {
      const result = await runQuery(engine, 'p95-delays', DAY);

      expect(result.rows).toEqual([
        { event_id: EVENT_A, p95_queue_delay_ms: 900, p95_e2e_delay_ms: 58_000 },
        { event_id: EVENT_B, p95_queue_delay_ms: 40, p95_e2e_delay_ms: 70 },
      ]);
    });

    it('finds no negative delays and no missing timestamps in a clean run', async () => {
      expect(await count('negative-delays')).toBe(0);
      expect(await count('missing-timestamps')).toBe(0);
    });

    it('reads only the requested days', async () => {
      const { rows } = await runQuery(engine, 'traffic-per-minute', {
        dtFrom: '2026-11-23',
        dtTo: '2026-11-30',
      });
      expect(rows).toEqual([]);
    });

    it('counts a row started before it was queued, once the next repair sees it', async () => {
      const queuedAt = T0 + 30_000;
      await put(
        `${HOUR_02}/firehose-1-2026-11-22-02-14-00-d`,
        toNdjson([succeeded(EVENT_A, { queuedAt, startedAt: queuedAt - 100, finishedAt: queuedAt + 100 })]),
      );
      expect(await count('negative-delays')).toBe(0);

      await engine.repairPartitions();

      expect(await count('negative-delays')).toBe(1);
      expect(await count('missing-timestamps')).toBe(0);
    });

    it('counts a row without queuedAt as missing a timestamp', async () => {
      const event = succeeded(EVENT_A, { queuedAt: T0, startedAt: T0 + 10, finishedAt: T0 + 20 });
      const { queuedAt: _dropped, ...withoutQueuedAt } = event.timestamps;
      await put(
        `${HOUR_02}/firehose-1-2026-11-22-02-15-00-e`,
        toNdjson([{ ...event, timestamps: withoutQueuedAt }]),
      );

      await engine.repairPartitions();

      expect(await count('missing-timestamps')).toBe(1);
      expect(await count('negative-delays')).toBe(1);
    });

    it('turns a malformed line into an all-NULL row that missing-timestamps counts, as the JSON SerDe does', async () => {
      await put(`${HOUR_02}/firehose-1-2026-11-22-02-16-00-f`, '{"schemaVersion":1,"eventId":\n');

      await engine.repairPartitions();

      expect(await count('missing-timestamps')).toBe(2);
    });
  });
});
