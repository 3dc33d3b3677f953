/**
 * G0 parameters: the runbook's defaults (300 VUs for 60 s against EVT-009 with capacity 100), a
 * short `ci` profile for `make test`, and environment overrides for every knob.
 */
import { z } from 'zod';
import { LOAD_TOOLS, SPIKE_MODES } from '../load/load-plan';
import { WORKER_MUTANTS } from '../mutants/worker-mutants';
import { parseRunOptions } from '../runner/run-options';
import { StartedTargetOption } from '../runner/target-option';

const PROFILES = {
  full: { VUS: 300, DURATION: '60s', PROBE_SECONDS: 10, DRAIN_TIMEOUT_SECONDS: 600 },
  ci: { VUS: 50, DURATION: '10s', PROBE_SECONDS: 5, DRAIN_TIMEOUT_SECONDS: 300 },
} as const;

const duration = z.string().regex(/^\d+(ms|s|m)$/, 'DURATION must look like 60s, 2m or 500ms');

export const G0OptionsSchema = z.object({
  PROFILE: z.enum(['full', 'ci']),
  TARGET: StartedTargetOption,
  VUS: z.coerce.number().int().min(1).max(5000),
  DURATION: duration,
  EVENT_ID: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/),
  CAPACITY: z.coerce.number().int().min(0).max(1_000_000),
  /**
   * spike = closed model (constant VUs); open = ramping arrival rate up to RATE/s (dropped
   * iterations counted); storm = one user's token from every VU. K6_MODE is the old name.
   */
  LOAD_MODE: z.enum(SPIKE_MODES).default('spike'),
  /** driver = the harness's own load driver; k6 = a k6 the user brought (K6_BINARY, default on PATH). */
  LOAD_TOOL: z.enum(LOAD_TOOLS).default('driver'),
  K6_BINARY: z.string().min(1).default('k6'),
  /** Where the load tool sends its requests (default: the ingest); a proxy in between, say. */
  LOAD_BASE_URL: z.url().optional(),
  RATE: z.coerce.number().int().positive().default(200),
  /** The light constant load measured with the worker off and while it drains. */
  PROBE_RATE: z.coerce.number().int().positive().default(20),
  PROBE_SECONDS: z.coerce.number().int().min(1),
  DRAIN_TIMEOUT_SECONDS: z.coerce.number().int().positive(),
  SAMPLE_USERS: z.coerce.number().int().min(3).max(5).default(4),
  WORKERS: z.coerce.number().int().min(1).max(8).default(1),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  MAX_RECEIVE_COUNT: z.coerce.number().int().min(3).max(5).default(3),
  VISIBILITY_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(900).default(30),
  SAMPLE_INTERVAL_MS: z.coerce.number().int().min(100).max(500).default(250),
  /** Runs a deliberately broken worker from the bug zoo (scenarios/mutants); the run must then fail. */
  MUTANT: z.enum(WORKER_MUTANTS).optional(),
  /** A system file (`--system`): the run verifies that system instead of the reference services. */
  SYSTEM: z.string().min(1).optional(),
});
export type G0Options = z.infer<typeof G0OptionsSchema>;

export function parseG0Options(argv: readonly string[], env: Record<string, string | undefined>): G0Options {
  return parseRunOptions(
    {
      runner: 'g0',
      schema: G0OptionsSchema,
      profiles: PROFILES,
      profileVariable: 'G0_PROFILE',
      defaults: { EVENT_ID: 'EVT-009', CAPACITY: 100, ...loadModeAlias(env) },
    },
    argv,
    env,
  );
}

/** K6_MODE, the knob's name from when k6 ran every load, still works; LOAD_MODE wins over it. */
export function loadModeAlias(env: Record<string, string | undefined>): { LOAD_MODE?: string } {
  return env.K6_MODE ? { LOAD_MODE: env.K6_MODE } : {};
}

/**
 * The command that reproduces a run with these parameters: every knob with its value (the
 * profile's and the defaults too, so the command still means the same run after a default
 * changes), the k6 pair only when k6 ran, the mutant only when one ran.
 */
export function reproduceCommand(options: G0Options): string {
  const skipped = new Set(['PROFILE', 'MUTANT', 'LOAD_TOOL', 'K6_BINARY', 'LOAD_BASE_URL', 'SYSTEM']);
  const vars = Object.keys(G0OptionsSchema.shape)
    .filter((key) => !skipped.has(key))
    .map((key) => `${key}=${options[key as keyof G0Options]}`)
    .join(' ');
  const bug = options.MUTANT ? ` MUTANT=${options.MUTANT}` : '';
  const k6 = options.LOAD_TOOL === 'k6' ? ` LOAD_TOOL=k6 K6_BINARY=${options.K6_BINARY}` : '';
  const target = options.LOAD_BASE_URL ? ` LOAD_BASE_URL=${options.LOAD_BASE_URL}` : '';
  const system = options.SYSTEM ? ` SYSTEM=${options.SYSTEM}` : '';
  return `${vars}${bug}${k6}${target}${system} G0_PROFILE=${options.PROFILE} make g0`;
}
