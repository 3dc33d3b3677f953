/**
 * The duplicate storm: one user's token from many clients at once (the load script teams really
 * write: one pre-issued token, constant VUs, a 5 s client timeout, check 202 + requestId). Every
 * answer must be 202 with the first requestId; the rate is compared with the engine's own
 * consistent GetItem of the lock at the same concurrency, which is what a duplicate should cost.
 * Rounds alternate (GetItem, storm, GetItem, storm). Goal: 100% ok and >= 0.8x.
 *
 *   STORM_VUS (300)  STORM_SECONDS (10)  STORM_ROUNDS (2)  STORM_TIMEOUT_MS (5000)
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { lockKey, systemClock } from '../services/common';
import { createHmacTokens } from '../services/ingest/tokens';
import { combine, driveFor, printComparison, startBenchIngest } from './bench-lib';

const VUS = Number(process.env.STORM_VUS ?? 300);
const SECONDS = Number(process.env.STORM_SECONDS ?? 10);
const ROUNDS = Number(process.env.STORM_ROUNDS ?? 2);
const TIMEOUT_MS = Number(process.env.STORM_TIMEOUT_MS ?? 5_000);
const EVENT = 'EVT-STORM';
const USER = 'storm-user';

await using bench = await startBenchIngest(
  'bench-storm',
  { eventId: EVENT, capacity: 100 },
  { maxSockets: VUS },
);
const { clients, resources, port } = bench;

const { accessToken } = await createHmacTokens({
  secret: bench.secrets.tokenSecret,
  ttlSeconds: 3600,
  clock: systemClock,
}).issue({
  userId: USER,
  role: 'user',
});
const url = `http://127.0.0.1:${port}/events/${EVENT}/participations`;
const post = async () => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}` },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const body = (await response.json()) as { requestId?: string };
  return { status: response.status, requestId: body.requestId };
};
const first = await post();
if (first.status !== 202 || !first.requestId) throw new Error(`the first participation got ${first.status}`);

const outcomes = { ok: 0, wrongStatus: 0, wrongRequestId: 0, timeouts: 0, other: 0 };
const storms = [];
const reads = [];
for (let round = 1; round <= ROUNDS; round++) {
  console.log(
    `[bench-storm] round ${round}/${ROUNDS}: consistent GetItem of the lock, ${VUS} lanes, ${SECONDS} s`,
  );
  reads.push(
    await driveFor('engine GetItem (lock, consistent)', VUS, SECONDS, async () => {
      const { Item } = await clients.documents.send(
        new GetCommand({ TableName: resources.tableName, Key: lockKey(EVENT, USER), ConsistentRead: true }),
      );
      if (Item?.requestId !== first.requestId) throw new Error('the lock names another request');
    }),
  );
  console.log(`[bench-storm] round ${round}/${ROUNDS}: one token from ${VUS} clients, ${SECONDS} s`);
  storms.push(
    await driveFor('HTTP storm (one user, POST participations)', VUS, SECONDS, async () => {
      try {
        const answer = await post();
        if (answer.status !== 202) {
          outcomes.wrongStatus++;
          throw new Error(`HTTP ${answer.status}`);
        }
        if (answer.requestId !== first.requestId) {
          outcomes.wrongRequestId++;
          throw new Error('another requestId');
        }
        outcomes.ok++;
      } catch (err) {
        if ((err as Error).name === 'TimeoutError') outcomes.timeouts++;
        else if (!/^(HTTP|another)/.test((err as Error).message)) outcomes.other++;
        throw err;
      }
    }),
  );
}
printComparison(
  `Storm benchmark: one token, ${VUS} concurrent clients, ${ROUNDS} x ${SECONDS} s per path, ${TIMEOUT_MS} ms client timeout, ministack`,
  combine('HTTP storm (one user, POST participations)', storms),
  combine('engine GetItem (lock, consistent)', reads),
  0.8,
);
const total =
  outcomes.ok + outcomes.wrongStatus + outcomes.wrongRequestId + outcomes.timeouts + outcomes.other;
const okShare = total === 0 ? 0 : outcomes.ok / total;
console.log(
  `ok rate: ${(okShare * 100).toFixed(2)}% of ${total} (goal 100%: ${okShare === 1 ? 'met' : 'not met'}); ` +
    `not 202: ${outcomes.wrongStatus}, another requestId: ${outcomes.wrongRequestId}, ` +
    `timeouts: ${outcomes.timeouts}, other errors: ${outcomes.other}`,
);
