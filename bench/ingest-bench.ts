/**
 * Ingest throughput against the same DynamoDB + SQS calls made directly (no HTTP, no express):
 * the direct path calls `participate()` with the real adapters, the HTTP path POSTs to an ingest
 * process. Rounds alternate (direct, HTTP, direct, HTTP) so that neither profits from warm-up.
 * Goal: ingest >= 0.8x of the direct calls.
 */
import { systemClock } from '../services/common';
import { participate } from '../services/ingest/participate';
import { createHmacTokens } from '../services/ingest/tokens';
import { combine, directIngest, driveFor, printComparison, startBenchIngest } from './bench-lib';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

await using bench = await startBenchIngest('bench-ingest', { eventId: 'EVT-BENCH', capacity: 100 });
const { clients, resources, port } = bench;

const deps = directIngest(clients, resources);
// Tokens are issued before the clock starts: the benchmark measures participation, not login.
const tokens = createHmacTokens({ secret: bench.secrets.tokenSecret, ttlSeconds: 3600, clock: systemClock });
const tokenPool = await Promise.all(
  Array.from({ length: CONCURRENCY * 400 }, (_, i) => tokens.issue({ userId: `http-${i}`, role: 'user' })),
);
let nextToken = 0;

const direct = [];
const http = [];
for (let round = 1; round <= ROUNDS; round++) {
  console.log(`[bench-ingest] round ${round}/${ROUNDS}: direct calls, ${CONCURRENCY} lanes, ${SECONDS} s`);
  direct.push(
    await driveFor('direct DynamoDB + SQS (participate())', CONCURRENCY, SECONDS, async (lane, i) => {
      await participate(deps, { eventId: 'EVT-BENCH', userId: `direct-${round}-${lane}-${i}` });
    }),
  );
  console.log(`[bench-ingest] round ${round}/${ROUNDS}: HTTP ingest, ${CONCURRENCY} lanes, ${SECONDS} s`);
  http.push(
    await driveFor('HTTP ingest (POST participations)', CONCURRENCY, SECONDS, async () => {
      const token = tokenPool[nextToken++ % tokenPool.length]?.accessToken;
      const response = await fetch(`http://127.0.0.1:${port}/events/EVT-BENCH/participations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      await response.arrayBuffer();
      if (response.status !== 202) throw new Error(`HTTP ${response.status}`);
    }),
  );
}
printComparison(
  `Ingest benchmark: ${CONCURRENCY} concurrent, ${ROUNDS} x ${SECONDS} s per path, ministack`,
  combine('HTTP ingest (POST participations)', http),
  combine('direct DynamoDB + SQS (participate())', direct),
  0.8,
);
if (nextToken > tokenPool.length)
  console.log(`note: ${nextToken - tokenPool.length} duplicate users in the HTTP path`);
