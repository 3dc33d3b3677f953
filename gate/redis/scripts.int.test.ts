import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GateRedis, startGateRedis } from '../gate-redis';
import { eventKeys } from '../keys';
import {
  type Pool,
  ROOM_OPTIONS,
  runAtomicityTrial,
  runFifo,
  runHoldRace,
  runRedisScores,
} from '../scenario/experiments';
import { createPool } from '../scenario/pool';
import { HoldOutcome, SeatHolds } from '../seat-holds';
import { WaitingRoom } from '../waiting-room';
import { ScriptRunner } from './script-runner';
import { ENQUEUE } from './scripts';

let gate: GateRedis;
let pool: Pool;
let eventNo = 0;
const freshEvent = () => `T-${++eventNo}`;

beforeAll(async () => {
  gate = await startGateRedis('scripts-int');
  pool = await createPool(gate, 8);
});
afterAll(async () => gate?.stop());

describe('enqueue script', () => {
  it('answers an array reply [created, token, seq, rank], not a status reply', async () => {
    const keys = eventKeys(freshEvent());
    const reply = await gate.scripts.run(
      ENQUEUE,
      [keys.seq, keys.queue, keys.user('alice')],
      ['alice', 'tok-1', 60],
    );
    expect(reply).toEqual([1, 'tok-1', 1, 0]);
    const again = await gate.scripts.run(
      ENQUEUE,
      [keys.seq, keys.queue, keys.user('alice')],
      ['alice', 'tok-2', 60],
    );
    expect(again).toEqual([0, 'tok-1', 1, 0]);
  });

  it('lets exactly one of 100 concurrent joins with one key in, 20 times in a row', async () => {
    for (let trial = 0; trial < 20; trial++) {
      const result = await runAtomicityTrial(pool, freshEvent(), 100);
      expect(result).toEqual({ created: 1, duplicates: 99, distinctTokens: 1, queueSize: 1 });
    }
  });

  it('gives 10,000 joins distinct, increasing exact scores', async () => {
    expect(await runRedisScores(pool, freshEvent(), 10_000)).toEqual({
      scores: 10_000,
      collisions: 0,
      outOfOrder: 0,
    });
  });

  it('serves non-overlapping joins in real-time order and sorts the queue by sequence', async () => {
    const run = await runFifo(pool, freshEvent(), 16, 50);
    expect(run.orderedPairs).toBeGreaterThan(0);
    expect(run.inversions).toBe(0);
    expect(run.collisions).toBe(0);
    expect(run.queueOrderMatchesSeq).toBe(true);
  });

  it('refuses a sequence above 2^53 - 1 instead of storing an inexact score', async () => {
    const keys = eventKeys(freshEvent());
    await gate.redis.set(keys.seq, String(2 ** 53));
    await expect(
      gate.scripts.run(ENQUEUE, [keys.seq, keys.queue, keys.user('late')], ['late', 't', 60]),
    ).rejects.toThrow(/SCORE_OUT_OF_RANGE/);
    expect(await gate.redis.zcard(keys.queue)).toBe(0);
  });
});

describe('script runner', () => {
  it('loads a script again after SCRIPT FLUSH (NOSCRIPT) and repeats the call once', async () => {
    const runner = new ScriptRunner(gate.connect());
    await runner.load([ENQUEUE]);
    await gate.redis.script('FLUSH');
    const room = new WaitingRoom(runner, ROOM_OPTIONS);
    const joined = await room.join(freshEvent(), 'bob');
    expect(joined.position).toBe(1);
    expect(runner.reloads).toBe(1);
    // the other pool runners lost their scripts too; let them reload before the next tests
    await Promise.all(pool.runners.map((r) => r.load([ENQUEUE])));
  });
});

describe('seat holds', () => {
  it('gives exactly N of M > N concurrent holds a seat and leaves the inventory at 0, never below', async () => {
    for (const [seats, contenders] of [
      [10, 100],
      [50, 500],
      [1, 64],
    ] as const) {
      const race = await runHoldRace(pool, freshEvent(), seats, contenders);
      expect(race).toEqual({
        held: seats,
        soldOut: contenders - seats,
        finalInventory: 0,
        holdsInRedis: seats,
        minObserved: 0,
      });
    }
  });

  it('returns the seat on release and when the hold lapses', async () => {
    const eventId = freshEvent();
    const holds = new SeatHolds(gate.redis, gate.scripts, { holdTtlMs: 150 });
    await holds.setInventory(eventId, 1);
    expect((await holds.hold(eventId, 'a')).outcome).toBe(HoldOutcome.Held);
    expect((await holds.hold(eventId, 'a')).outcome).toBe(HoldOutcome.AlreadyHeld);
    expect((await holds.hold(eventId, 'b')).outcome).toBe(HoldOutcome.SoldOut);
    expect(await holds.release(eventId, 'a')).toEqual({ released: true, remaining: 1 });
    expect(await holds.release(eventId, 'a')).toEqual({ released: false, remaining: 1 });
    expect((await holds.hold(eventId, 'b')).outcome).toBe(HoldOutcome.Held);
    await new Promise((resolve) => setTimeout(resolve, 250));
    // b's hold lapsed: the next hold reaps it and takes the seat
    expect(await holds.hold(eventId, 'c')).toMatchObject({ outcome: HoldOutcome.Held, remaining: 0 });
    expect(await holds.inventory(eventId)).toBe(0);
  });
});
