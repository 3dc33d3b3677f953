/** `make conformance SYSTEM=path/to/system.json` parameters, validated with every problem listed. */
import { parseArgs } from 'node:util';
import { z } from 'zod';

const OptionsSchema = z.object({
  SYSTEM: z.string().min(1, 'give the system file: make conformance SYSTEM=path/to/system.json'),
  USERS: z.coerce.number().int().min(5).max(5000).default(40),
  CAPACITY: z.coerce.number().int().min(1).default(10),
  WORKERS: z.coerce.number().int().min(1).max(16).default(1),
  DRAIN_TIMEOUT_SECONDS: z.coerce.number().int().min(10).default(180),
});

export type ConformanceRunOptions = z.infer<typeof OptionsSchema>;

export function parseConformanceOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ConformanceRunOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: { system: { type: 'string' } },
    allowPositionals: false,
  });
  const given = Object.fromEntries(
    Object.entries(env).filter(
      ([key, value]) => key in OptionsSchema.shape && value !== undefined && value !== '',
    ),
  );
  const result = OptionsSchema.safeParse({ ...given, ...(values.system ? { SYSTEM: values.system } : {}) });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`conformance: invalid parameters:\n${problems.join('\n')}`);
  }
  return result.data;
}
