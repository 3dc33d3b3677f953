/**
 * Ingest throughput against the same DynamoDB + SQS calls made directly (no HTTP, no express):
 * the direct path calls `participate()` with the real adapters, the HTTP path POSTs to an ingest
 * process. Rounds alternate (direct, HTTP, direct, HTTP) so that neither profits from warm-up.
 * Goal: ingest >= 0.8x of the direct calls.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { targetToEnvironment } from '../services/aws/aws-target';
import { createAwsClients } from '../services/aws/clients';
import { SqsQueue } from '../services/aws/participation-queue';
import { DynamoRequestStore } from '../services/aws/request-store';
import { randomIdGenerator, systemClock } from '../services/common';
import { EventCatalog } from '../services/ingest/event-catalog';
import { participate } from '../services/ingest/participate';
import { createHmacTokens } from '../services/ingest/tokens';
import { findFreePort } from '../stack/embedded/free-port';
import { provision } from '../stack/provision';
import { defineResources } from '../stack/resources';
import { startIngestProcess } from '../stack/service-process';
import { combine, driveFor, printComparison, startBenchStack } from './bench-lib';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const root = join(import.meta.dirname, '..');

await using stack = await startBenchStack('bench-ingest');
const clients = createAwsClients(stack.target);
const resources = await provision(
  clients,
  defineResources({ fixtures: [{ eventId: 'EVT-BENCH', capacity: 100 }] }),
);
const secret = randomBytes(24).toString('hex');
const port = await findFreePort();
const ingest = await startIngestProcess({
  root,
  nodeBinary: process.execPath,
  env: {
    ...targetToEnvironment(stack.target),
    TABLE_NAME: resources.tableName,
    QUEUE_URL: resources.mainQueueUrl,
    TOKEN_SECRET: secret,
    ADMIN_SECRET: 'bench-admin-secret',
    LOG_LEVEL: 'warn',
  },
  logFile: join(root, '.stack', 'bench-ingest', 'ingest.log'),
  port,
});

const store = new DynamoRequestStore(clients, resources.tableName);
const deps = {
  store,
  queue: new SqsQueue(clients, resources.mainQueueUrl),
  events: new EventCatalog(store, systemClock),
  clock: systemClock,
  ids: randomIdGenerator,
  healAfterMs: 1_000,
};
// Tokens are issued before the clock starts: the benchmark measures participation, not login.
const tokens = createHmacTokens({ secret, ttlSeconds: 3600, clock: systemClock });
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
await ingest.stop();
clients.destroy();
