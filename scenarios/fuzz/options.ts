/**
 * HTTP fuzz parameters: the benchmark-sized `full` profile (10,000 requests) and a short `ci`
 * one, with environment overrides. The seed is random unless FUZZ_SEED is given, and is always
 * printed so a run can be replayed.
 */
import { z } from 'zod';

const PROFILES = {
  full: { RUNS: 10_000, CONCURRENCY: 16 },
  ci: { RUNS: 600, CONCURRENCY: 8 },
} as const;

export const FuzzOptionsSchema = z.object({
  PROFILE: z.enum(['full', 'ci']),
  RUNS: z.coerce.number().int().min(1).max(1_000_000),
  SEED: z.coerce
    .number()
    .int()
    .min(-(2 ** 31))
    .max(2 ** 31 - 1),
  CONCURRENCY: z.coerce.number().int().min(1).max(256),
  /** The ingest's log level; its log goes to the run folder. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('error'),
});
export type FuzzOptions = z.infer<typeof FuzzOptionsSchema>;

export function parseFuzzOptions(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  randomSeed: () => number = () => Math.floor(Math.random() * 2 ** 31),
): FuzzOptions {
  const flag = argv.indexOf('--profile');
  const profile = (flag >= 0 ? argv[flag + 1] : env.FUZZ_PROFILE) || 'full';
  if (profile !== 'full' && profile !== 'ci')
    throw new Error(`fuzz: unknown profile ${profile} (full or ci)`);
  const given = (name: string) => (env[`FUZZ_${name}`] === '' ? undefined : env[`FUZZ_${name}`]);
  const result = FuzzOptionsSchema.safeParse({
    PROFILE: profile,
    RUNS: given('RUNS') ?? PROFILES[profile].RUNS,
    SEED: given('SEED') ?? randomSeed(),
    CONCURRENCY: given('CONCURRENCY') ?? PROFILES[profile].CONCURRENCY,
    LOG_LEVEL: given('LOG_LEVEL'),
  });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  FUZZ_${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`fuzz: invalid parameters\n${problems.join('\n')}`);
  }
  return result.data;
}

export function reproduceFuzzCommand(options: FuzzOptions): string {
  return `FUZZ_SEED=${options.SEED} FUZZ_RUNS=${options.RUNS} npx tsx scenarios/fuzz/main.ts --profile ${options.PROFILE}`;
}
