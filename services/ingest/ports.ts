/**
 * What the ingest core needs from the outside world, in its own types. The DynamoDB and SQS
 * adapters in services/aws implement these; tests of the core inject the real adapters on the
 * emulators.
 */
import type {
  CapacityItem,
  EventType,
  Failure,
  QueueMessage,
  RequestItem,
  StatusLogItem,
  TransitionOutcome,
} from '../common';

export type { Failure, TransitionOutcome };

export interface NewRequest {
  readonly requestId: string;
  readonly eventId: string;
  readonly userId: string;
  readonly eventType: EventType;
  readonly requestedAt: number;
  /** When the event ends; the lock outlives it by seven days. Without an end, the lock never expires. */
  readonly eventEndsAt?: number;
}

export type CreateOutcome =
  /** The RECEIVED request as written, so the caller needs no read (absent: read it back). */
  { kind: 'created'; request?: RequestItem } | { kind: 'duplicate'; existingRequestId: string };

/** The idempotency lock of one (eventId, userId): which request it names. */
export interface LockView {
  readonly requestId: string;
}

/** One RECEIVED request the sweep may have to heal, as its outbox entry names it. */
export interface OutboxEntry {
  readonly requestId: string;
  readonly eventId: string;
  readonly requestedAt: number;
}

export interface IngestStore {
  getRequest(requestId: string): Promise<RequestItem | undefined>;
  getCapacity(eventId: string): Promise<CapacityItem | undefined>;
  /** A consistent read of the lock: the cheap answer to a duplicate. */
  getLock(eventId: string, userId: string): Promise<LockView | undefined>;
  getLockedRequestId(eventId: string, userId: string): Promise<string | undefined>;
  getStatusLog(requestId: string): Promise<StatusLogItem[]>;
  listByUser(userId: string, limit: number): Promise<RequestItem[]>;
  listByEvent(
    eventId: string,
    limit: number,
    cursor?: Record<string, unknown>,
  ): Promise<{ items: RequestItem[]; nextCursor?: Record<string, unknown> }>;
  listAllByEvent(eventId: string): Promise<RequestItem[]>;
  /**
   * Outbox entries of requests created before `requestedBefore` that still wait to be queued,
   * one Query page per call (never a Scan); `cursor` continues where the last page ended.
   */
  findStuckReceived(
    requestedBefore: number,
    cursor?: OutboxCursor,
  ): Promise<{ entries: OutboxEntry[]; next?: OutboxCursor }>;
  /** Drops an outbox entry whose request has left RECEIVED (a write that did not remove it). */
  dropOutboxEntry(entry: OutboxEntry): Promise<void>;
  createReceived(request: NewRequest): Promise<CreateOutcome>;
  markQueued(request: RequestItem, queuedAt: number): Promise<TransitionOutcome>;
  failStuckReceived(request: RequestItem, now: number, failure: Failure): Promise<TransitionOutcome>;
}

/** Where a paged outbox read goes on: the shard and DynamoDB's key within it, opaque to the core. */
export interface OutboxCursor {
  readonly shard: number;
  readonly startKey?: Record<string, unknown>;
}

export interface MessageSender {
  send(message: QueueMessage): Promise<void>;
}
