import type { z } from 'zod';

/**
 * Parses a process's configuration once, listing every problem at the same time (not one per
 * restart), and freezes it. Only main.ts files call this, with process.env.
 */
export function parseConfig<T extends z.ZodType>(
  schema: T,
  env: Readonly<Record<string, string | undefined>>,
  service: string,
): Readonly<z.infer<T>> {
  // An empty variable (VAR= or a make export of an unset variable) means "not set".
  const defined = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = schema.safeParse(defined);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`${service}: invalid configuration\n${problems.join('\n')}`);
  }
  return Object.freeze(result.data);
}
