/**
 * G1 parameters: a spike of random users across a capacity smaller than the load (so SUCCESS and
 * REJECTED_CAPACITY both appear), a few poison messages (so the DLQ share is not zero), Firehose
 * buffering, and the swallow sub-run with EventBridge unreachable.
 */
import { z } from 'zod';
import { LOAD_TOOLS } from '../load/load-plan';
import { parseRunOptions } from '../runner/run-options';
import { StartedTargetOption } from '../runner/target-option';

const PROFILES = {
  full: { VUS: 100, DURATION: '30s', BUFFER_SECONDS: 60, SWALLOW_USERS: 60 },
  ci: { VUS: 30, DURATION: '8s', BUFFER_SECONDS: 5, SWALLOW_USERS: 20 },
} as const;

export const G1OptionsSchema = z.object({
  PROFILE: z.enum(['full', 'ci']),
  TARGET: StartedTargetOption,
  VUS: z.coerce.number().int().min(1).max(2000),
  DURATION: z.string().regex(/^\d+(ms|s|m)$/, 'DURATION must look like 30s or 2m'),
  EVENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/)
    .default('EVT-G1'),
  CAPACITY: z.coerce.number().int().min(1).default(50),
  POISON: z.coerce.number().int().min(0).max(50).default(3),
  /** Firehose buffering interval (AWS default 60 s); the run still flushes what is left at the end. */
  BUFFER_SECONDS: z.coerce.number().int().min(1).max(900),
  SWALLOW_USERS: z.coerce.number().int().min(2).max(500),
  MAX_RECEIVE_COUNT: z.coerce.number().int().min(3).max(5).default(3),
  /** Messages each worker handles at once (the worker's CONCURRENCY), as in G0. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  DRAIN_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(600),
  /** driver = the harness's own load driver; k6 = a k6 the user brought (K6_BINARY, default on PATH). */
  LOAD_TOOL: z.enum(LOAD_TOOLS).default('driver'),
  K6_BINARY: z.string().min(1).default('k6'),
  /** A system file (`--system`): the run verifies that system instead of the reference services. */
  SYSTEM: z.string().min(1).optional(),
});
export type G1Options = z.infer<typeof G1OptionsSchema>;

export function parseG1Options(argv: readonly string[], env: Record<string, string | undefined>): G1Options {
  return parseRunOptions(
    { runner: 'g1', schema: G1OptionsSchema, profiles: PROFILES, profileVariable: 'G1_PROFILE' },
    argv,
    env,
  );
}

export function reproduceG1Command(options: G1Options): string {
  // Every knob with its value, so the command means the same run after a default changes.
  const skipped = new Set(['PROFILE', 'LOAD_TOOL', 'K6_BINARY', 'SYSTEM']);
  const vars = Object.keys(G1OptionsSchema.shape)
    .filter((key) => !skipped.has(key))
    .map((key) => `${key}=${options[key as keyof G1Options]}`)
    .join(' ');
  const k6 = options.LOAD_TOOL === 'k6' ? ` LOAD_TOOL=k6 K6_BINARY=${options.K6_BINARY}` : '';
  const system = options.SYSTEM ? ` SYSTEM=${options.SYSTEM}` : '';
  return `${vars}${k6}${system} G1_PROFILE=${options.PROFILE} make g1`;
}
