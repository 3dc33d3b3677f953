/** `make chaos` parameters: which scenarios, how much load, and the seed that makes it replayable. */
import { z } from 'zod';
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
});
export type ChaosOptions = z.infer<typeof OptionsSchema> & { seed: number; scenarios: ChaosScenario[] };

export function parseChaosOptions(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): ChaosOptions {
  const flag = argv.indexOf('--profile');
  const profile = (flag >= 0 ? argv[flag + 1] : env.CHAOS_PROFILE) || 'full';
  if (profile !== 'full' && profile !== 'ci')
    throw new Error(`chaos: unknown profile ${profile} (full or ci)`);
  const given = Object.fromEntries(
    Object.entries(env).filter(
      ([key, value]) => key in OptionsSchema.shape && value !== undefined && value !== '',
    ),
  );
  const result = OptionsSchema.safeParse({ ...PROFILES[profile], ...given, PROFILE: profile });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`chaos: invalid parameters\n${problems.join('\n')}`);
  }
  const options = result.data;
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
  return `SEED=${options.seed} USERS=${options.USERS} LOAD_SECONDS=${options.LOAD_SECONDS} CAPACITY=${options.CAPACITY}${scenario}${options.FAULT === 'off' ? ' FAULT=off' : ''} CHAOS_PROFILE=${options.PROFILE} make chaos`;
}
