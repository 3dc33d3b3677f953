import { z } from 'zod';
import { type GateFlags, parseGateFlags } from '../common';

export const IngestConfigSchema = z
  .object({
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    TABLE_NAME: z.string().min(1).default('AsyncEventTable'),
    QUEUE_URL: z.url({ message: 'QUEUE_URL must be the URL of the main queue' }),
    TOKEN_SECRET: z.string().min(16, 'TOKEN_SECRET must have at least 16 characters'),
    ADMIN_SECRET: z.string().min(8, 'ADMIN_SECRET must have at least 8 characters'),
    TOKEN_TTL_SECONDS: z.coerce.number().int().positive().default(3600),
    HEAL_AFTER_MS: z.coerce.number().int().nonnegative().default(1_000),
    /** 0 turns the recovery sweep off (tests that drive it by hand); keep it on in any real deployment. */
    SWEEP_INTERVAL_MS: z.coerce.number().int().nonnegative().default(10_000),
    SWEEP_MIN_AGE_MS: z.coerce.number().int().nonnegative().default(10_000),
    SWEEP_GIVE_UP_MS: z.coerce.number().int().positive().default(300_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** The waiting-room gate's rollout flags (parsed by parseGateFlags, shared with the gate). */
    FEATURE_GATE: z.string().optional(),
    FEATURE_GATE_ROLLOUT_PERCENT: z.string().optional(),
    /** Shared with the gate, which signs the admission tickets (needed when FEATURE_GATE is on). */
    ADMISSION_SECRET: z.string().min(16, 'ADMISSION_SECRET must have at least 16 characters').optional(),
    ADMISSION_TICKET_TTL_SECONDS: z.coerce.number().int().positive().default(120),
    /** Requests the recovery sweep heals at once. */
    SWEEP_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    /**
     * The edge rate limit of the participation route (a per-user and a global token bucket).
     * Off by default: G0's spike measures the queue, not the limiter.
     */
    RATE_LIMIT: z.enum(['on', 'off']).default('off'),
    RATE_LIMIT_USER_PER_SECOND: z.coerce.number().positive().default(2),
    RATE_LIMIT_USER_BURST: z.coerce.number().int().min(1).default(5),
    RATE_LIMIT_GLOBAL_PER_SECOND: z.coerce.number().positive().default(500),
    RATE_LIMIT_GLOBAL_BURST: z.coerce.number().int().min(1).default(1000),
  })
  .superRefine((config, context) => {
    try {
      if (gateFlagsOf(config).gate && config.ADMISSION_SECRET === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['ADMISSION_SECRET'],
          message: 'FEATURE_GATE is on: set ADMISSION_SECRET (the secret the gate signs tickets with)',
        });
      }
    } catch (err) {
      context.addIssue({ code: 'custom', path: ['FEATURE_GATE'], message: (err as Error).message });
    }
  });
export type IngestConfig = z.infer<typeof IngestConfigSchema>;

/** The gate's rollout flags, read from the same environment as the rest of the config. */
export function gateFlagsOf(config: {
  FEATURE_GATE?: string;
  FEATURE_GATE_ROLLOUT_PERCENT?: string;
}): GateFlags {
  return parseGateFlags({
    FEATURE_GATE: config.FEATURE_GATE,
    FEATURE_GATE_ROLLOUT_PERCENT: config.FEATURE_GATE_ROLLOUT_PERCENT,
  });
}
