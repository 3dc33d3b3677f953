/**
 * The one definition of the pipeline's resources. Every environment (embedded, LocalStack, AWS)
 * provisions exactly this; provision.ts applies it idempotently.
 */
import { ANALYTICS_SOURCE, type EventType, PARTICIPATION_PROCESSED } from '../services/common';

export interface CapacityFixture {
  readonly eventId: string;
  readonly capacity: number;
  readonly eventType?: EventType;
  /** Epoch ms when the event closes; idempotency locks live until then + 7 days. */
  readonly endsAt?: number;
}

export interface ResourceOptions {
  /** Prefix for every name, so parallel tests or environments do not collide. */
  readonly namePrefix?: string;
  /** Must be at least the worker's longest processing time (spec section 4). */
  readonly visibilityTimeoutSeconds?: number;
  /** Receives before SQS moves a message to the DLQ: 3 to 5 by contract. */
  readonly maxReceiveCount?: number;
  readonly fixtures?: readonly CapacityFixture[];
  /** Firehose buffering; AWS's defaults are 60 s / 1 MB, short runs flush sooner. */
  readonly deliveryBufferingSeconds?: number;
}

export interface ResourceDefinition {
  readonly table: {
    readonly name: string;
    readonly ttlAttribute: 'ttl';
    readonly indexes: readonly { readonly name: 'GSI1' | 'GSI2'; readonly pk: string; readonly sk: string }[];
  };
  readonly mainQueue: { readonly name: string; readonly attributes: Readonly<Record<string, string>> };
  readonly deadLetterQueue: { readonly name: string; readonly attributes: Readonly<Record<string, string>> };
  readonly maxReceiveCount: number;
  readonly fixtures: readonly CapacityFixture[];
  readonly analytics: AnalyticsDefinition;
}

/** The G1 pipeline: EventBridge rule -> Firehose ($.detail only) -> S3 -> Athena (spec section 5). */
export interface AnalyticsDefinition {
  readonly eventBusName: string;
  readonly rule: { readonly name: string; readonly pattern: Readonly<Record<string, readonly string[]>> };
  readonly deliveryStream: {
    readonly name: string;
    /** Only the detail is delivered, one JSON object per line. */
    readonly inputPath: '$.detail';
    readonly prefix: string;
    readonly errorPrefix: string;
    readonly bufferingSeconds: number;
    readonly bufferingMegabytes: number;
  };
  readonly bucket: { readonly name: string; readonly blockPublicAccess: true };
  readonly athena: { readonly database: string; readonly table: 'participation_logs' };
}

export const DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 30;
export const DEFAULT_MAX_RECEIVE_COUNT = 3;
const FOURTEEN_DAYS_SECONDS = 14 * 24 * 3600;

export function defineResources(options: ResourceOptions = {}): ResourceDefinition {
  const prefix = options.namePrefix ?? '';
  const maxReceiveCount = options.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT;
  if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 3 || maxReceiveCount > 5) {
    throw new RangeError(`maxReceiveCount must be an integer from 3 to 5, got ${maxReceiveCount}`);
  }
  const visibility = options.visibilityTimeoutSeconds ?? DEFAULT_VISIBILITY_TIMEOUT_SECONDS;
  if (!Number.isInteger(visibility) || visibility < 1 || visibility > 43_200) {
    throw new RangeError(`visibilityTimeoutSeconds must be an integer from 1 to 43200, got ${visibility}`);
  }
  return {
    table: {
      name: `${prefix}AsyncEventTable`,
      ttlAttribute: 'ttl',
      indexes: [
        { name: 'GSI1', pk: 'GSI1PK', sk: 'GSI1SK' },
        { name: 'GSI2', pk: 'GSI2PK', sk: 'GSI2SK' },
      ],
    },
    mainQueue: {
      name: `${prefix}participation-main`,
      attributes: {
        VisibilityTimeout: String(visibility),
        ReceiveMessageWaitTimeSeconds: '20',
        MessageRetentionPeriod: String(FOURTEEN_DAYS_SECONDS),
      },
    },
    deadLetterQueue: {
      name: `${prefix}participation-dlq`,
      // Short: readers of the DLQ (the handler, operators, the harness) only peek at messages.
      attributes: { MessageRetentionPeriod: String(FOURTEEN_DAYS_SECONDS), VisibilityTimeout: '10' },
    },
    maxReceiveCount,
    fixtures: options.fixtures ?? [{ eventId: 'EVT-009', capacity: 100 }],
    analytics: {
      eventBusName: 'default',
      rule: {
        name: `${prefix}rule-worker-to-firehose`,
        pattern: { source: [ANALYTICS_SOURCE], 'detail-type': [PARTICIPATION_PROCESSED, 'RequestFailed'] },
      },
      deliveryStream: {
        name: `${prefix}participation-events`,
        inputPath: '$.detail',
        prefix: 'events/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/',
        errorPrefix: 'events/error/',
        bufferingSeconds: options.deliveryBufferingSeconds ?? 60,
        bufferingMegabytes: 1,
      },
      bucket: { name: `${prefix.toLowerCase()}participation-analytics`, blockPublicAccess: true },
      athena: { database: 'participation', table: 'participation_logs' },
    },
  };
}
