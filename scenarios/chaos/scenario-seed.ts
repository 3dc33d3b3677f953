/**
 * One generator per scenario, seeded from (run seed, scenario name): `SCENARIO=x SEED=s` replays
 * scenario x's fault decisions whether it runs alone or inside the whole catalog.
 */
import { createHash } from 'node:crypto';
import { type Random, seededRandom } from '../../stack/embedded/fault-proxy';

export function scenarioSeed(seed: number, scenarioName: string): number {
  return createHash('sha256').update(`${seed}:${scenarioName}`).digest().readUInt32BE(0);
}

export function scenarioRandom(seed: number, scenarioName: string): Random {
  return seededRandom(scenarioSeed(seed, scenarioName));
}
