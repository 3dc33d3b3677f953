import type { GateRedis } from '../gate-redis';
import { ScriptRunner } from '../redis/script-runner';
import { ALL_SCRIPTS } from '../redis/scripts';
import type { Pool } from './experiments';

/** `size` connections, each with its own runner (scripts are loaded once per server, cached per runner). */
export async function createPool(gate: GateRedis, size: number): Promise<Pool> {
  const runners = Array.from({ length: size }, () => new ScriptRunner(gate.connect()));
  for (const runner of runners) await runner.load(ALL_SCRIPTS);
  return { redis: gate.redis, runners };
}
