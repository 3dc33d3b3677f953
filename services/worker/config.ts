import { z } from 'zod';

export const WorkerConfigSchema = z
  .object({
    TABLE_NAME: z.string().min(1).default('AsyncEventTable'),
    QUEUE_URL: z.url({ message: 'QUEUE_URL must be the URL of the main queue' }),
    DLQ_URL: z.url({ message: 'DLQ_URL must be the URL of the dead-letter queue' }),
    /** The main queue's visibility timeout, to check the lease against it. */
    VISIBILITY_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(30),
    LEASE_MS: z.coerce.number().int().positive().default(25_000),
    CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
    WAIT_SECONDS: z.coerce.number().int().min(0).max(20).default(20),
    DLQ_HANDLER: z.enum(['on', 'off']).default('on'),
    /** Publishing of ParticipationProcessed to EventBridge (spec section 5). */
    ANALYTICS: z.enum(['on', 'off']).default('on'),
    EVENT_BUS_NAME: z.string().min(1).default('default'),
    METRIC_NAMESPACE: z.string().min(1).default('ParticipationPipeline'),
    /** The `env` field of every analytics event. */
    APP_ENV: z.string().min(1).default('local'),
    WORKER_ID: z.string().min(1).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .refine((config) => config.LEASE_MS <= config.VISIBILITY_TIMEOUT_SECONDS * 1000, {
    message:
      'LEASE_MS must be at most VISIBILITY_TIMEOUT_SECONDS * 1000: a redelivered message must find the lease over',
    path: ['LEASE_MS'],
  });
export type WorkerConfig = z.infer<typeof WorkerConfigSchema>;
