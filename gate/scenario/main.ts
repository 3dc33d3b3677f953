/**
 * `make gate`: the waiting-room criteria against a private redis-server, one report.
 * Writes reports/runs/gate-<ts>/ (report.md, report.html, junit.xml, results.json), points reports/latest at it.
 * Exit 0: every criterion met; 1: one failed; 2: the run could not be carried out.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { formatCount, formatPercent } from '../../reports/markdown-text';
import { reportLangFrom } from '../../reports/report-document';
import { buildRunId, createRunFolder, writeReportFolder } from '../../reports/write-run';
import type { Check } from '../checks';
import { scoreCollisionsAndInversions } from '../checks';
import { startGateRedis } from '../gate-redis';
import { createScoreGenerator, guideScore, MAX_EXACT_SCORE } from '../score';
import {
  runAtomicityTrial,
  runFifo,
  runHoldRace,
  runPerUserOrder,
  runPositionEstimate,
  runRedisScores,
} from './experiments';
import { createPool } from './pool';
import { buildGateReport } from './report';

async function main(): Promise<number> {
  const startedAt = new Date();
  const root = path.join(import.meta.dirname, '..', '..');
  const gate = await startGateRedis('scenario');
  const checks: Check[] = [];
  const add = (name: string, criterion: string, measured: string, valid: boolean) => {
    checks.push({ name, criterion, measured, valid });
    console.log(`${valid ? 'ok  ' : 'FAIL'} ${name}: ${measured}`);
  };
  let redisVersion = '?';
  try {
    redisVersion = /redis_version:(\S+)/.exec(await gate.redis.info('server'))?.[1] ?? '?';
    const pool = await createPool(gate, 8);

    const generator = createScoreGenerator();
    const clientScores = Array.from({ length: 10_000 }, () => generator.next());
    const client = scoreCollisionsAndInversions(clientScores);
    add(
      'client scores (timestamp + 12-bit counter)',
      '10,000 scores: 0 collisions, strictly increasing, <= 2^53-1',
      `${client.collisions} collisions, ${client.outOfOrder} out of order, max ${Math.max(...clientScores)}`,
      client.collisions === 0 && client.outOfOrder === 0 && Math.max(...clientScores) <= MAX_EXACT_SCORE,
    );

    const redisScores = await runRedisScores(pool, 'G-SCORES', 10_000);
    add(
      'Redis scores (INCR in the enqueue script)',
      '10,000 joins: 0 collisions, in join order',
      `${redisScores.collisions} collisions, ${redisScores.outOfOrder} out of order`,
      redisScores.collisions === 0 && redisScores.outOfOrder === 0,
    );

    const ms = Date.now();
    const guide = new Set(Array.from({ length: 10_000 }, (_, c) => guideScore(ms, c))).size;
    add(
      "guide's (ms << 24) | counter (the defect, shown)",
      'informational: distinct doubles of 10,000 same-ms scores',
      `${formatCount(guide)} distinct of 10,000 (needs ${Math.ceil(Math.log2(ms)) + 24} bits)`,
      true,
    );

    const trials = 20;
    let races = 0;
    let worst = '';
    for (let t = 0; t < trials; t++) {
      const r = await runAtomicityTrial(pool, `G-ATOM-${t}`, 100);
      if (r.created !== 1 || r.duplicates !== 99 || r.distinctTokens !== 1 || r.queueSize !== 1) {
        races++;
        worst ||= JSON.stringify(r);
      }
    }
    add(
      'atomic dedupe + enqueue',
      `100 concurrent joins, one key, x${trials}: 1 created, 99 duplicates, 0 races`,
      `${trials - races}/${trials} trials exact (1 + 99, one token); ${races} races${worst ? ` e.g. ${worst}` : ''}`,
      races === 0,
    );

    for (const [seats, contenders] of [
      [100, 1_000],
      [10, 200],
    ] as const) {
      const h = await runHoldRace(pool, `G-HOLD-${seats}`, seats, contenders);
      add(
        `seat holds N=${seats}, M=${contenders}`,
        'exactly N held, inventory 0, never negative',
        `${h.held} held, ${h.soldOut} sold out, inventory ${h.finalInventory}, holds in Redis ${h.holdsInRedis}, min seen ${h.minObserved}`,
        h.held === seats &&
          h.soldOut === contenders - seats &&
          h.finalInventory === 0 &&
          h.holdsInRedis === seats &&
          h.minObserved >= 0,
      );
    }

    const u = await runPerUserOrder(pool, 'G-FIFO-USER', 500, 10, 8);
    add(
      'per-user order (streams, consumer group, 2 crashes per partition)',
      '100% of users applied 1..n in order',
      `${formatPercent(u.inOrder / u.users)} (${u.inOrder}/${u.users} users, ${formatCount(u.messages)} messages, ${u.duplicatesSkipped} redeliveries skipped)${u.firstViolation ? `; ${u.firstViolation}` : ''}`,
      u.inOrder === u.users,
    );

    const f = await runFifo(pool, 'G-FIFO', 32, 100);
    add(
      'FIFO among non-overlapping joins',
      '0 inversions',
      `${f.inversions} inversions over ${formatCount(f.orderedPairs)} real-time ordered pairs (${formatCount(f.joins.length)} joins, 32 lanes); queue sorted by seq: ${f.queueOrderMatchesSeq}`,
      f.inversions === 0 && f.orderedPairs > 0 && f.queueOrderMatchesSeq,
    );

    const p = await runPositionEstimate(pool, 'G-POS', 2_000);
    add(
      'position estimate (ZRANK)',
      'max error <= 5%',
      `max error ${formatPercent(p.maxError)} over ${formatCount(p.samples)} users after ${p.afterLeaves} left`,
      p.maxError <= 0.05,
    );
  } finally {
    await gate.stop();
  }

  const valid = checks.every((c) => c.valid);
  const runId = buildRunId('gate', startedAt);
  const dir = await createRunFolder(path.join(root, 'reports', 'runs'), runId);
  const document = buildGateReport({
    runId,
    startedAt: startedAt.getTime(),
    finishedAt: Date.now(),
    redisVersion,
    checks,
    command: 'make gate',
    environment: {
      node: process.version,
      redis: redisVersion,
      ioredis: ioredisVersion(),
      machine: `${process.platform} ${process.arch}, ${availableParallelism()} cores`,
    },
    lang: reportLangFrom(process.env),
  });
  await writeReportFolder(dir, document, {
    results: { runId, valid, exitCode: valid ? 0 : 1, redisVersion, checks },
  });
  console.log(
    `\ngate: ${valid ? 'every criterion met' : 'a criterion failed'}; report ${path.relative(root, path.join(dir, 'report.html'))}`,
  );
  return valid ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);

/** The client library's version as installed, not as pinned. */
function ioredisVersion(): string {
  try {
    return (createRequire(import.meta.url)('ioredis/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
