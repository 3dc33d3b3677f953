import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GateRedis, startGateRedis } from '../gate-redis';
import { eventKeys } from '../keys';
import { type Pool, runPerUserOrder } from '../scenario/experiments';
import { createPool } from '../scenario/pool';
import { UserFifoConsumer, UserFifoProducer } from './user-fifo';

let gate: GateRedis;
let pool: Pool;

beforeAll(async () => {
  gate = await startGateRedis('streams-int');
  pool = await createPool(gate, 4);
});
afterAll(async () => gate?.stop());

describe('per-user FIFO on streams', () => {
  it('applies every user message once and in order, across crashes and XAUTOCLAIM takeovers', async () => {
    const run = await runPerUserOrder(pool, 'S-1', 200, 10, 4);
    expect(run.firstViolation).toBeUndefined();
    expect(run.inOrder).toBe(200);
    // the consumers that died after applying left entries the survivor must recognise
    expect(run.duplicatesSkipped).toBeGreaterThan(0);
  });

  it('does not read new entries while another consumer holds fresh pending ones', async () => {
    const producer = new UserFifoProducer(gate.scripts, 1);
    for (let n = 0; n < 4; n++) await producer.publish('S-2', 'u', `m${n}`);
    const base = { eventId: 'S-2', partition: 0, group: 'g', batch: 2, minIdleMs: 10_000 };
    const a = new UserFifoConsumer(gate.redis, gate.scripts, { ...base, consumer: 'a' });
    const b = new UserFifoConsumer(gate.redis, gate.scripts, { ...base, consumer: 'b' });
    await a.ensureGroup();
    expect(await a.readAndCrash()).toBe(2);
    const step = await b.step();
    expect(step).toMatchObject({ claimed: 0, read: 0, blockedByPending: true });
    expect(await gate.redis.lrange(eventKeys('S-2').applied('u'), 0, -1)).toEqual([]);
  });
});
