/**
 * The gate's measurements, shared by the integration tests and `make gate`. Each drives the real
 * scripts on a real Redis through a pool of connections (so calls really interleave at the
 * server) and returns what it observed; the verdicts come from ../checks.ts.
 */
import type { Redis } from 'ioredis';
import {
  countFifoInversions,
  maxPositionError,
  perUserOrder,
  scoreCollisionsAndInversions,
  type TimedJoin,
} from '../checks';
import { eventKeys } from '../keys';
import type { ScriptRunner } from '../redis/script-runner';
import { HoldOutcome, SeatHolds } from '../seat-holds';
import { UserFifoConsumer, UserFifoProducer } from '../streams/user-fifo';
import { JoinOutcome, type JoinResult, WaitingRoom, type WaitingRoomOptions } from '../waiting-room';

export const ROOM_OPTIONS: WaitingRoomOptions = {
  recordTtlSeconds: 3_600,
  admitWindow: 10,
  bucketCapacity: 10,
  admitsPerSecond: 100,
};

export interface Pool {
  readonly redis: Redis;
  readonly runners: readonly ScriptRunner[];
}

function roomsOf(pool: Pool): WaitingRoom[] {
  return pool.runners.map((runner) => new WaitingRoom(runner, ROOM_OPTIONS));
}

/**
 * Users `${prefix}0` .. `${prefix}${count - 1}` join in that order, each once the one before has
 * its answer: a known order to hold Redis's answers against.
 */
async function joinOneByOne(
  room: WaitingRoom,
  eventId: string,
  prefix: string,
  count: number,
): Promise<JoinResult[]> {
  const joins: JoinResult[] = [];
  for (let i = 0; i < count; i++) joins.push(await room.join(eventId, `${prefix}${i}`));
  return joins;
}

export interface AtomicityTrial {
  readonly created: number;
  readonly duplicates: number;
  readonly distinctTokens: number;
  readonly queueSize: number;
}

/** `joins` concurrent joins of one user (one dedupe key) to a fresh event. */
export async function runAtomicityTrial(pool: Pool, eventId: string, joins: number): Promise<AtomicityTrial> {
  const rooms = roomsOf(pool);
  const results = await Promise.all(
    Array.from({ length: joins }, (_, i) =>
      (rooms[i % rooms.length] as WaitingRoom).join(eventId, 'same-user'),
    ),
  );
  return {
    created: results.filter((r) => r.outcome === JoinOutcome.Created).length,
    duplicates: results.filter((r) => r.outcome === JoinOutcome.Duplicate).length,
    distinctTokens: new Set(results.map((r) => r.waitingToken)).size,
    queueSize: await pool.redis.zcard(eventKeys(eventId).queue),
  };
}

export interface HoldRace {
  readonly held: number;
  readonly soldOut: number;
  readonly finalInventory: number;
  readonly holdsInRedis: number;
  /** Smallest inventory seen: by a concurrent poller and in every script reply. */
  readonly minObserved: number;
}

/** Inventory `seats`, `contenders` distinct users holding at once. */
export async function runHoldRace(
  pool: Pool,
  eventId: string,
  seats: number,
  contenders: number,
): Promise<HoldRace> {
  const holds = pool.runners.map((runner) => new SeatHolds(pool.redis, runner, { holdTtlMs: 60_000 }));
  await (holds[0] as SeatHolds).setInventory(eventId, seats);
  let minObserved = seats;
  let polling = true;
  const poller = (async () => {
    while (polling) minObserved = Math.min(minObserved, await (holds[0] as SeatHolds).inventory(eventId));
  })();
  const results = await Promise.all(
    Array.from({ length: contenders }, (_, i) =>
      (holds[i % holds.length] as SeatHolds).hold(eventId, `u${i}`),
    ),
  );
  polling = false;
  await poller;
  for (const r of results) minObserved = Math.min(minObserved, r.remaining);
  return {
    held: results.filter((r) => r.outcome === HoldOutcome.Held).length,
    soldOut: results.filter((r) => r.outcome === HoldOutcome.SoldOut).length,
    finalInventory: await (holds[0] as SeatHolds).inventory(eventId),
    holdsInRedis: await pool.redis.zcard(eventKeys(eventId).holds),
    minObserved,
  };
}

export interface FifoRun {
  readonly joins: readonly TimedJoin[];
  readonly inversions: number;
  readonly orderedPairs: number;
  readonly collisions: number;
  readonly queueOrderMatchesSeq: boolean;
}

/** `lanes` clients each joining `perLane` distinct users back to back; times from one monotonic clock. */
export async function runFifo(pool: Pool, eventId: string, lanes: number, perLane: number): Promise<FifoRun> {
  const rooms = roomsOf(pool);
  const joins: (TimedJoin & { user: string })[] = [];
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      const room = rooms[lane % rooms.length] as WaitingRoom;
      for (let i = 0; i < perLane; i++) {
        const user = `l${lane}-u${i}`;
        const invokedAt = performance.now();
        const joined = await room.join(eventId, user);
        joins.push({ invokedAt, completedAt: performance.now(), seq: joined.seq, user });
      }
    }),
  );
  const { inversions, orderedPairs } = countFifoInversions(joins);
  const bySeq = [...joins].sort((a, b) => a.seq - b.seq).map((j) => j.user);
  const queue = await pool.redis.zrange(eventKeys(eventId).queue, '0', '-1');
  return {
    joins,
    inversions,
    orderedPairs,
    collisions: scoreCollisionsAndInversions([...joins].sort((a, b) => a.seq - b.seq).map((j) => j.seq))
      .collisions,
    queueOrderMatchesSeq: queue.length === bySeq.length && queue.every((user, i) => user === bySeq[i]),
  };
}

export interface RedisScoreRun {
  readonly scores: number;
  readonly collisions: number;
  readonly outOfOrder: number;
}

/** `count` sequential joins: the scores Redis assigned, in join order. */
export async function runRedisScores(pool: Pool, eventId: string, count: number): Promise<RedisScoreRun> {
  const room = roomsOf(pool)[0] as WaitingRoom;
  const scores = (await joinOneByOne(room, eventId, 's', count)).map((joined) => joined.seq);
  return { scores: scores.length, ...scoreCollisionsAndInversions(scores) };
}

export interface PositionRun {
  readonly samples: number;
  readonly maxError: number;
  readonly afterLeaves: number;
}

/**
 * `users` join in order; then every 7th leaves. Each remaining user's reported position is
 * compared with its place in the client's own record of who joined before it and is still waiting.
 */
export async function runPositionEstimate(pool: Pool, eventId: string, users: number): Promise<PositionRun> {
  const room = roomsOf(pool)[0] as WaitingRoom;
  const tokens = (await joinOneByOne(room, eventId, 'p', users)).map((joined) => joined.waitingToken);
  const left = new Set<number>();
  for (let i = 0; i < users; i += 7) {
    await room.leave(eventId, `p${i}`, tokens[i] as string);
    left.add(i);
  }
  const samples: { reported: number; actual: number }[] = [];
  let actual = 0;
  for (let i = 0; i < users; i++) {
    if (left.has(i)) continue;
    actual++;
    const status = await room.status(eventId, `p${i}`, tokens[i] as string);
    samples.push({
      reported: status.state === 'waiting' ? status.position : Number.POSITIVE_INFINITY,
      actual,
    });
  }
  return { samples: samples.length, maxError: maxPositionError(samples), afterLeaves: left.size };
}

export interface PerUserRun {
  readonly users: number;
  readonly messages: number;
  readonly inOrder: number;
  readonly duplicatesSkipped: number;
  readonly firstViolation: string | undefined;
}

/**
 * `users` users publish `perUser` messages each, concurrently, over `partitions` streams. One
 * consumer per partition; in every partition the first owner dies twice (once before applying,
 * once after applying without XACK) and a second consumer takes over with XAUTOCLAIM.
 */
export async function runPerUserOrder(
  pool: Pool,
  eventId: string,
  users: number,
  perUser: number,
  partitions: number,
): Promise<PerUserRun> {
  const producers = pool.runners.map((runner) => new UserFifoProducer(runner, partitions));
  const userIds = Array.from({ length: users }, (_, i) => `f${i}`);
  await Promise.all(
    userIds.map(async (user, i) => {
      const producer = producers[i % producers.length] as UserFifoProducer;
      for (let n = 0; n < perUser; n++) await producer.publish(eventId, user, `m${n}`);
    }),
  );
  const minIdleMs = 50;
  const runner = pool.runners[0] as ScriptRunner;
  let duplicatesSkipped = 0;
  await Promise.all(
    Array.from({ length: partitions }, async (_, partition) => {
      const base = { eventId, partition, group: 'gate', batch: 5, minIdleMs };
      const crashing = new UserFifoConsumer(pool.redis, runner, { ...base, consumer: `a-${partition}` });
      const survivor = new UserFifoConsumer(pool.redis, runner, { ...base, consumer: `b-${partition}` });
      await crashing.ensureGroup();
      await crashing.readAndCrash();
      await crashing.applyAndCrash();
      for (;;) {
        const step = await survivor.step();
        duplicatesSkipped += step.duplicates;
        if (step.blockedByPending) {
          await new Promise((resolve) => setTimeout(resolve, minIdleMs));
          continue;
        }
        if (step.claimed === 0 && step.read === 0) break;
      }
    }),
  );
  const applied = new Map<string, number[]>();
  for (const user of userIds)
    applied.set(user, (await pool.redis.lrange(eventKeys(eventId).applied(user), 0, -1)).map(Number));
  const result = perUserOrder(applied, new Map(userIds.map((u) => [u, perUser])));
  return {
    users,
    messages: users * perUser,
    inOrder: result.inOrder,
    duplicatesSkipped,
    firstViolation: result.firstViolation,
  };
}
