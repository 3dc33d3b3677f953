import type { z } from 'zod';

/**
 * Parses a process's configuration once, listing every problem at the same time (not one per
 * restart), and freezes it. Only main.ts files call this, with process.env.
 */
export function parseConfig<T extends z.ZodType>(schema: T, env: unknown, service: string): Readonly<z.infer<T>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`${service}: invalid configuration\n${problems.join('\n')}`);
  }
  return Object.freeze(result.data);
}
