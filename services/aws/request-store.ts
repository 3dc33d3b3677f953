/**
 * The DynamoDB request store both cores are wired with: the reads, the outbox reads, the ingest
 * writes and the worker writes, each its own small adapter, behind one object that implements
 * IngestStore and WorkerStore. It adds nothing; it only puts the four together on one table.
 *
 *   request-reads   GetItem / Query of requests, locks, seats, logs
 *   outbox-reads    the sweep's paged outbox Query, and dropping a stale entry
 *   ingest-writes   create (lock + RECEIVED + log + outbox), QUEUED, the sweep's give-up
 *   worker-writes   acquire / take over, release, finish (with a seat), dead-lettered
 *   request-items   the items of every transaction, pure (the bug zoo builds on them too)
 */
import type { CapacityItem, Failure, RequestItem, StatusLogItem, TransitionOutcome } from '../common';
import type {
  CreateOutcome,
  IngestStore,
  LockView,
  NewRequest,
  OutboxCursor,
  OutboxEntry,
} from '../ingest/ports';
import type { CallOptions, FinishOutcome, WorkerStore } from '../worker/ports';
import type { AwsClients } from './clients';
import { DynamoIngestWrites } from './ingest-writes';
import { DynamoOutboxReads } from './outbox-reads';
import { DynamoRequestReads } from './request-reads';
import { DynamoWorkerWrites } from './worker-writes';

// Older imports name the ports' types through the adapter.
export type { CreateOutcome, Failure, FinishOutcome, LockView, NewRequest, OutboxEntry, TransitionOutcome };

export class DynamoRequestStore implements IngestStore, WorkerStore {
  private readonly reads: DynamoRequestReads;
  private readonly outbox: DynamoOutboxReads;
  private readonly ingest: DynamoIngestWrites;
  private readonly worker: DynamoWorkerWrites;

  constructor(
    clients: AwsClients,
    readonly tableName: string,
  ) {
    this.reads = new DynamoRequestReads(clients, tableName);
    this.outbox = new DynamoOutboxReads(clients, tableName);
    this.ingest = new DynamoIngestWrites(clients, tableName, (eventId, userId) =>
      this.reads.getLock(eventId, userId),
    );
    this.worker = new DynamoWorkerWrites(clients, tableName);
  }

  getRequest(requestId: string, options?: CallOptions): Promise<RequestItem | undefined> {
    return this.reads.getRequest(requestId, options);
  }
  getCapacity(eventId: string): Promise<CapacityItem | undefined> {
    return this.reads.getCapacity(eventId);
  }
  getLock(eventId: string, userId: string): Promise<LockView | undefined> {
    return this.reads.getLock(eventId, userId);
  }
  getLockedRequestId(eventId: string, userId: string): Promise<string | undefined> {
    return this.reads.getLockedRequestId(eventId, userId);
  }
  getStatusLog(requestId: string): Promise<StatusLogItem[]> {
    return this.reads.getStatusLog(requestId);
  }
  listByUser(userId: string, limit: number): Promise<RequestItem[]> {
    return this.reads.listByUser(userId, limit);
  }
  listByEvent(eventId: string, limit: number, cursor?: Record<string, unknown>) {
    return this.reads.listByEvent(eventId, limit, cursor);
  }
  listAllByEvent(eventId: string): Promise<RequestItem[]> {
    return this.reads.listAllByEvent(eventId);
  }

  findStuckReceived(requestedBefore: number, cursor?: OutboxCursor) {
    return this.outbox.findStuckReceived(requestedBefore, cursor);
  }
  dropOutboxEntry(entry: OutboxEntry): Promise<void> {
    return this.outbox.dropOutboxEntry(entry);
  }

  createReceived(request: NewRequest): Promise<CreateOutcome> {
    return this.ingest.createReceived(request);
  }
  markQueued(request: RequestItem, queuedAt: number): Promise<TransitionOutcome> {
    return this.ingest.markQueued(request, queuedAt);
  }
  failStuckReceived(request: RequestItem, now: number, failure: Failure): Promise<TransitionOutcome> {
    return this.ingest.failStuckReceived(request, now, failure);
  }

  acquire(request: RequestItem, now: number, leaseMs: number, workerId: string, options?: CallOptions) {
    return this.worker.acquire(request, now, leaseMs, workerId, options);
  }
  releaseLease(request: RequestItem, now: number, failure: Failure, options?: CallOptions) {
    return this.worker.releaseLease(request, now, failure, options);
  }
  finishFirstCome(request: RequestItem, now: number, options?: CallOptions): Promise<FinishOutcome> {
    return this.worker.finishFirstCome(request, now, options);
  }
  finish(...args: Parameters<WorkerStore['finish']>): Promise<TransitionOutcome> {
    return this.worker.finish(...args);
  }
  failDeadLettered(request: RequestItem, now: number, failure: Failure, options?: CallOptions) {
    return this.worker.failDeadLettered(request, now, failure, options);
  }
}
