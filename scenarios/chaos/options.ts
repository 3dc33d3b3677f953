/** `make chaos` parameters: which scenarios, how much load, and the seed that makes it replayable. */
import { z } from 'zod';
import { parseRunOptions } from '../runner/run-options';
import { CHAOS_CATALOG, type ChaosScenario } from './catalog';

const PROFILES = {
  full: { USERS: 120, LOAD_SECONDS: 12, CAPACITY: 40 },
  ci: { USERS: 50, LOAD_SECONDS: 8, CAPACITY: 20 },
} as const;

const OptionsSchema = z.object({
  PROFILE: z.enum(['full', 'ci']),
  SCENARIO: z.string().optional(),
  USERS: z.coerce.number().int().min(10).max(2000),
  LOAD_SECONDS: z.coerce.number().int().min(2).max(600),
  CAPACITY: z.coerce.number().int().min(1),
  SEED: z.coerce.number().int().nonnegative().optional(),
  /** FAULT=off runs the scenarios with their nemesis disabled: each must answer unknown, not pass. */
  FAULT: z.enum(['on', 'off']).default('on'),
  /** A system file (`--system`): the scenarios run on that system instead of the reference services. */
  SYSTEM: z.string().min(1).optional(),
});
export type ChaosOptions = z.infer<typeof OptionsSchema> & { seed: number; scenarios: ChaosScenario[] };

export function parseChaosOptions(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): ChaosOptions {
  const options = parseRunOptions(
    { runner: 'chaos', schema: OptionsSchema, profiles: PROFILES, profileVariable: 'CHAOS_PROFILE' },
    argv,
    env,
  );
  const profile = options.PROFILE;
  const scenarios = options.SCENARIO
    ? CHAOS_CATALOG.filter((scenario) => scenario.name === options.SCENARIO)
    : CHAOS_CATALOG.filter((scenario) => profile === 'full' || scenario.ci);
  if (scenarios.length === 0) {
    throw new Error(
      `chaos: no scenario named ${options.SCENARIO}; one of ${CHAOS_CATALOG.map((s) => s.name).join(', ')}`,
    );
  }
  return { ...options, seed: options.SEED ?? Math.floor(Math.random() * 2 ** 31), scenarios };
}

export function reproduceChaosCommand(options: ChaosOptions): string {
  const scenario = options.SCENARIO ? ` SCENARIO=${options.SCENARIO}` : '';
  return `SEED=${options.seed} USERS=${options.USERS} LOAD_SECONDS=${options.LOAD_SECONDS} CAPACITY=${options.CAPACITY}${scenario}${options.FAULT === 'off' ? ' FAULT=off' : ''}${options.SYSTEM ? ` SYSTEM=${options.SYSTEM}` : ''} CHAOS_PROFILE=${options.PROFILE} make chaos`;
}
