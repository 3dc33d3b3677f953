/**
 * Enqueue through the gate (Node -> ioredis -> EVALSHA of the enqueue script, fixed concurrency)
 * beside redis-benchmark running the same script directly, plus client score generation ns/op.
 * Goals from the guide: > 10,000 enqueues/s, p95 < 3 ms, < 100 ns per score.
 *
 *   BENCH_SECONDS (10)  BENCH_CONCURRENCY (50)  BENCH_CONNECTIONS (8)  BENCH_REQUESTS (200000)
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { driveFor } from '../../bench/bench-lib';
import { percentile } from '../../services/common/percentile';
import { startGateRedis } from '../gate-redis';
import { eventKeys } from '../keys';
import { ENQUEUE } from '../redis/scripts';
import { ROOM_OPTIONS } from '../scenario/experiments';
import { createPool } from '../scenario/pool';
import { createScoreGenerator } from '../score';
import { WaitingRoom } from '../waiting-room';

const run = promisify(execFile);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 50);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 8);
const requests = Number(process.env.BENCH_REQUESTS ?? 200_000);

interface Row {
  readonly label: string;
  readonly opsPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly errors: number;
}

async function main(): Promise<void> {
  const gate = await startGateRedis('bench');
  try {
    const pool = await createPool(gate, connections);
    const rooms = pool.runners.map((runner) => new WaitingRoom(runner, ROOM_OPTIONS));
    // warm-up: JIT, connections, script cache
    await driveFor('warm-up', concurrency, 2, (lane, i) =>
      (rooms[lane % rooms.length] as WaitingRoom).join('B-WARM', `w${lane}-${i}`).then(() => undefined),
    );
    const node = await driveFor(`gate join (Node, ${connections} conns)`, concurrency, seconds, (lane, i) =>
      (rooms[lane % rooms.length] as WaitingRoom).join('B-NODE', `n${lane}-${i}`).then(() => undefined),
    );
    const nodeRow: Row = {
      label: node.label,
      opsPerSecond: node.operations / node.seconds,
      p50Ms: percentile(node.latenciesMs, 50),
      p95Ms: percentile(node.latenciesMs, 95),
      errors: node.errors,
    };

    const sha = pool.runners[0]?.shaOf(ENQUEUE);
    if (!sha) throw new Error('enqueue script is not loaded');
    const keys = eventKeys('B-RB');
    // Each __rand_int__ is drawn separately: the user key and the member differ, both (almost) always new.
    const { stdout } = await run('redis-benchmark', [
      '-h',
      gate.server.host,
      '-p',
      String(gate.server.port),
      '-n',
      String(requests),
      '-c',
      String(concurrency),
      '-r',
      '100000000',
      '--csv',
      'EVALSHA',
      sha,
      '3',
      keys.seq,
      keys.queue,
      `${keys.user('r')}__rand_int__`,
      'u__rand_int__',
      'tok-__rand_int__',
      String(ROOM_OPTIONS.recordTtlSeconds),
    ]);
    const rbRow = parseRedisBenchmarkCsv(stdout, `redis-benchmark EVALSHA (c=${concurrency})`);
    const rbQueued = await gate.redis.zcard(keys.queue);

    const generator = createScoreGenerator();
    const n = 10_000_000;
    for (let i = 0; i < 1_000_000; i++) generator.next();
    const t0 = process.hrtime.bigint();
    let sink = 0;
    for (let i = 0; i < n; i++) sink ^= generator.next();
    const nsPerScore = Number(process.hrtime.bigint() - t0) / n;

    const line = (r: Row) =>
      `| ${r.label.padEnd(36)} | ${r.opsPerSecond.toFixed(0).padStart(8)} | ${r.p50Ms.toFixed(3).padStart(7)} | ${r.p95Ms.toFixed(3).padStart(7)} | ${String(r.errors).padStart(6)} |`;
    console.log(
      `\nEnqueue (dedupe + INCR score + ZADD) for ${seconds} s / ${requests} requests, concurrency ${concurrency}`,
    );
    console.log(
      `| ${'path'.padEnd(36)} | ${'ops/s'.padStart(8)} | ${'p50 ms'.padStart(7)} | ${'p95 ms'.padStart(7)} | errors |`,
    );
    console.log(`| ${'-'.repeat(36)} | ${'-'.repeat(8)} | ${'-'.repeat(7)} | ${'-'.repeat(7)} | ------ |`);
    console.log(line(nodeRow));
    console.log(line(rbRow));
    console.log(
      `ratio gate / redis-benchmark: ${(nodeRow.opsPerSecond / rbRow.opsPerSecond).toFixed(2)}x throughput`,
    );
    console.log(
      `redis-benchmark queued ${rbQueued} distinct members of ${requests} calls (random collisions are duplicates)`,
    );
    console.log(
      `guide goals: > 10,000/s ${nodeRow.opsPerSecond > 10_000 ? 'met' : 'not met'}, p95 < 3 ms ${nodeRow.p95Ms < 3 ? 'met' : 'not met'} (gate path)`,
    );
    console.log(
      `score generation: ${nsPerScore.toFixed(1)} ns/op over ${n.toLocaleString('en-US')} (goal < 100 ns: ${nsPerScore < 100 ? 'met' : 'not met'}) [${sink & 1}]`,
    );
  } finally {
    await gate.stop();
  }
}

/** redis-benchmark --csv: a header line, then "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms",... */
function parseRedisBenchmarkCsv(csv: string, label: string): Row {
  const lines = csv
    .trim()
    .split('\n')
    .map((l) => l.split('","').map((cell) => cell.replace(/"/g, '')));
  const header = lines[0] ?? [];
  const row = lines.find((cells, i) => i > 0 && cells.length === header.length);
  if (!row) throw new Error(`cannot read redis-benchmark output:\n${csv}`);
  const value = (name: string) => Number(row[header.indexOf(name)]);
  return {
    label,
    opsPerSecond: value('rps'),
    p50Ms: value('p50_latency_ms'),
    p95Ms: value('p95_latency_ms'),
    errors: 0,
  };
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
