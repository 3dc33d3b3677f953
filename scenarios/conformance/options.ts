/** `make conformance SYSTEM=path/to/system.json` parameters, validated with every problem listed. */
import { z } from 'zod';
import { parseRunOptions } from '../runner/run-options';

const OptionsSchema = z.object({
  SYSTEM: z.string().min(1, 'give the system file: make conformance SYSTEM=path/to/system.json'),
  USERS: z.coerce.number().int().min(5).max(5000).default(40),
  CAPACITY: z.coerce.number().int().min(1).default(10),
  WORKERS: z.coerce.number().int().min(1).max(16).default(1),
  DRAIN_TIMEOUT_SECONDS: z.coerce.number().int().min(10).default(180),
  /** Chaos scenarios: `ci` (the CI catalog's proxy, poison and kill scenarios), `none`, or names. */
  CHAOS: z.string().min(1).default('ci'),
  CHAOS_USERS: z.coerce.number().int().min(10).max(2000).default(30),
  CHAOS_SECONDS: z.coerce.number().int().min(2).max(600).default(6),
  SEED: z.coerce.number().int().nonnegative().optional(),
});

export type ConformanceRunOptions = z.infer<typeof OptionsSchema>;

export function parseConformanceOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ConformanceRunOptions {
  return parseRunOptions({ runner: 'conformance', schema: OptionsSchema }, argv, env);
}
