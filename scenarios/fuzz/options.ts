/**
 * HTTP fuzz parameters: the benchmark-sized `full` profile (10,000 requests) and a short `ci`
 * one, with environment overrides. The seed is random unless FUZZ_SEED is given, and is always
 * printed so a run can be replayed.
 */
import { z } from 'zod';
import { parseRunOptions } from '../runner/run-options';

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
  /** A system file (`--system`, or FUZZ_SYSTEM): fuzz that system instead of the reference services. */
  SYSTEM: z.string().min(1).optional(),
});
export type FuzzOptions = z.infer<typeof FuzzOptionsSchema>;

export function parseFuzzOptions(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  randomSeed: () => number = () => Math.floor(Math.random() * 2 ** 31),
): FuzzOptions {
  return parseRunOptions(
    {
      runner: 'fuzz',
      schema: FuzzOptionsSchema,
      profiles: PROFILES,
      profileVariable: 'FUZZ_PROFILE',
      defaults: { SEED: randomSeed() },
      envPrefix: 'FUZZ_',
    },
    argv,
    env,
  );
}

export function reproduceFuzzCommand(options: FuzzOptions): string {
  const system = options.SYSTEM ? ` --system ${options.SYSTEM}` : '';
  return `FUZZ_SEED=${options.SEED} FUZZ_RUNS=${options.RUNS} npx tsx scenarios/fuzz/main.ts --profile ${options.PROFILE}${system}`;
}
