/**
 * Feature flags of the gate rollout (the guide's alpha -> beta -> GA plan): a switch for the gate and
 * a percentage of users, chosen by a stable hash so a user stays in as the percentage grows.
 * Parsed once from an env record that only main.ts reads from process.env.
 */
import { z } from 'zod';
import { stableHash32 } from './stable-hash';

const flag = z
  .enum(['true', 'false', '1', '0'])
  .default('false')
  .transform((v) => v === 'true' || v === '1');

const FlagsSchema = z.object({
  FEATURE_GATE: flag,
  FEATURE_GATE_ROLLOUT_PERCENT: z.coerce.number().int().min(0).max(100).default(100),
});

export interface GateFlags {
  readonly gate: boolean;
  readonly rolloutPercent: number;
}

export class GateFlagsInvalidError extends Error {
  readonly code = 'GATE_FLAGS_INVALID';
}

export function parseGateFlags(env: Readonly<Record<string, string | undefined>>): GateFlags {
  const parsed = FlagsSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new GateFlagsInvalidError(`invalid gate flags: ${problems.join('; ')}`);
  }
  const p = parsed.data;
  return Object.freeze({
    gate: p.FEATURE_GATE,
    rolloutPercent: p.FEATURE_GATE_ROLLOUT_PERCENT,
  });
}

/** The user's rollout bucket, 0..99. */
export function rolloutBucketOf(userId: string): number {
  return stableHash32(`gate-rollout:${userId}`) % 100;
}

export function isGateOnFor(flags: GateFlags, userId: string): boolean {
  return flags.gate && rolloutBucketOf(userId) < flags.rolloutPercent;
}
