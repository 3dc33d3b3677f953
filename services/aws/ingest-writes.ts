/**
 * The writes of ingest: the create transaction (lock, RECEIVED request, first log, outbox entry),
 * RECEIVED -> QUEUED, and the sweep's give-up. Rules about when to call them live in the core.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type Failure, queuedIndexKeys, type RequestItem, Status, type TransitionOutcome } from '../common';
import type { CreateOutcome, LockView, NewRequest } from '../ingest/ports';
import type { AwsClients } from './clients';
import { readCancellation } from './dynamo-errors';
import { failureFields, receivedItems } from './request-items';
import { sendTransition } from './send-transition';

/** Consistent reads of the lock while a conflicting create is still committing. */
const LOCK_SETTLE_READS = 5;

export class DynamoIngestWrites {
  constructor(
    private readonly clients: AwsClients,
    readonly tableName: string,
    /** The lock as it is now: the reads adapter's consistent GetItem. */
    private readonly readLock: (eventId: string, userId: string) => Promise<LockView | undefined>,
  ) {}

  /**
   * Steps (1) and (2) of ingest, together. A lock that exists makes it a duplicate; so does a
   * TransactionConflict on the lock (real DynamoDB cancels a transaction that touches an item
   * another transaction is writing: a concurrent click of the same user), answered with the
   * lock's requestId once the other transaction has committed.
   */
  async createReceived(request: NewRequest): Promise<CreateOutcome> {
    const { item, lock, request: put, log, outbox } = receivedItems(this.tableName, request);
    try {
      await this.clients.documents.send(
        new TransactWriteCommand({ TransactItems: [lock, put, log, outbox] }),
      );
      return { kind: 'created', request: item };
    } catch (err) {
      const refused = readCancellation(err, ['lock', 'request', 'log', 'outbox'])?.lock;
      if (refused?.code === 'ConditionalCheckFailed' && refused.item) {
        return { kind: 'duplicate', existingRequestId: String(unmarshall(refused.item as never).requestId) };
      }
      if (refused?.code === 'TransactionConflict') {
        const winner = await this.settledLock(request.eventId, request.userId);
        if (winner) return { kind: 'duplicate', existingRequestId: winner.requestId };
      }
      throw err;
    }
  }

  /** Step (4): RECEIVED -> QUEUED. queuedAt and the index keys are written here and only here. */
  async markQueued(request: RequestItem, queuedAt: number): Promise<TransitionOutcome> {
    return sendTransition(this.clients.documents, this.tableName, request, Status.QUEUED, queuedAt, {
      set: { queuedAt, ...queuedIndexKeys({ ...request, queuedAt }) },
      condition: '#status = :from AND attribute_not_exists(queuedAt)',
      leavesOutbox: true,
    });
  }

  /** The sweep gives up on a request it could never enqueue. */
  async failStuckReceived(request: RequestItem, now: number, failure: Failure): Promise<TransitionOutcome> {
    return sendTransition(this.clients.documents, this.tableName, request, Status.FAILED_FINAL, now, {
      set: { resultCode: 'FAILED_INGEST_ENQUEUE', finishedAt: now, ...failureFields(failure) },
      condition: '#status = :from',
      leavesOutbox: true,
    });
  }

  /**
   * The lock a conflicting transaction is writing. Reads do not wait for a transaction, so the lock
   * may be missing for a few ms; if it never appears the other transaction failed, and the caller
   * gets the conflict (a transient error: 503, and its retry creates the request).
   */
  private async settledLock(eventId: string, userId: string): Promise<LockView | undefined> {
    for (let read = 0; read < LOCK_SETTLE_READS; read++) {
      const lock = await this.readLock(eventId, userId);
      if (lock) return lock;
      await new Promise((resolve) => setTimeout(resolve, 5 * 2 ** read));
    }
    return undefined;
  }
}
