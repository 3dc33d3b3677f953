/**
 * The DynamoDB adapter for every status change of a request. It only translates: each method is
 * one conditional call (or transaction) of the transition table, and a failed condition becomes
 * a typed outcome. The rules about *when* to call what live in ingest and worker.
 */
import {
  DeleteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type CapacityItem,
  CapacityItemSchema,
  capacityKey,
  eventPartition,
  isAllowedTransition,
  LockItemSchema,
  lockKey,
  OUTBOX_SHARDS,
  outboxKey,
  outboxPartition,
  outboxSortKeyBefore,
  parseKey,
  queuedIndexKeys,
  type RequestItem,
  RequestItemSchema,
  type ResultCode,
  requestKey,
  STATUS_LOG_SK_PREFIX,
  Status,
  type StatusLogItem,
  StatusLogItemSchema,
  truncateErrorMessage,
  userPartition,
} from '../common';
import type { CreateOutcome, LockView, NewRequest, OutboxCursor, OutboxEntry } from '../ingest/ports';
import type { CallOptions, Failure, FinishOutcome, TransitionOutcome } from '../worker/ports';
import type { AwsClients } from './clients';
import { isConditionalCheckFailure, readCancellation } from './dynamo-errors';
import { statusLogPut } from './status-log';
import { buildUpdate } from './update-expression';

// The adapter implements the cores' ports; these re-exports keep older imports working.
export type { CreateOutcome, Failure, FinishOutcome, LockView, NewRequest, OutboxEntry, TransitionOutcome };

const NINETY_DAYS_SECONDS = 90 * 24 * 3600;
const SEVEN_DAYS_MS = 7 * 24 * 3600 * 1000;

/** Items per outbox Query page: the sweep holds at most one page in memory. */
const OUTBOX_PAGE = 100;
/** Consistent reads of the lock while a conflicting create is still committing. */
const LOCK_SETTLE_READS = 5;

export class DynamoRequestStore {
  constructor(
    protected readonly clients: AwsClients,
    readonly tableName: string,
  ) {}

  // ---- reads -------------------------------------------------------------------------------

  async getRequest(requestId: string, options: CallOptions = {}): Promise<RequestItem | undefined> {
    const { Item } = await this.clients.documents.send(
      new GetCommand({ TableName: this.tableName, Key: requestKey(requestId), ConsistentRead: true }),
      options,
    );
    return Item ? RequestItemSchema.parse(Item) : undefined;
  }

  async getCapacity(eventId: string): Promise<CapacityItem | undefined> {
    const { Item } = await this.clients.documents.send(
      new GetCommand({ TableName: this.tableName, Key: capacityKey(eventId), ConsistentRead: true }),
    );
    return Item ? CapacityItemSchema.parse(Item) : undefined;
  }

  /** One consistent GetItem of the lock: what a duplicate costs. */
  async getLock(eventId: string, userId: string): Promise<LockView | undefined> {
    const { Item } = await this.clients.documents.send(
      new GetCommand({ TableName: this.tableName, Key: lockKey(eventId, userId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const lock = LockItemSchema.parse(Item);
    return { requestId: lock.requestId, createdAt: lock.createdAt };
  }

  async getLockedRequestId(eventId: string, userId: string): Promise<string | undefined> {
    return (await this.getLock(eventId, userId))?.requestId;
  }

  async getStatusLog(requestId: string): Promise<StatusLogItem[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :log)',
      ExpressionAttributeValues: { ':pk': requestKey(requestId).PK, ':log': STATUS_LOG_SK_PREFIX },
    });
    return items.map((item) => StatusLogItemSchema.parse(item));
  }

  /** GSI1, newest first. Never a Scan: this is the page users open most. */
  async listByUser(userId: string, limit: number): Promise<RequestItem[]> {
    const { Items = [] } = await this.clients.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': userPartition(userId) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map((item) => RequestItemSchema.parse(item));
  }

  /** GSI2 page in queuedAt order; the cursor is DynamoDB's LastEvaluatedKey, opaque to callers. */
  async listByEvent(
    eventId: string,
    limit: number,
    cursor?: Record<string, unknown>,
  ): Promise<{ items: RequestItem[]; nextCursor?: Record<string, unknown> }> {
    const page = await this.clients.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': eventPartition(eventId) },
        Limit: limit,
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    return {
      items: (page.Items ?? []).map((item) => RequestItemSchema.parse(item)),
      ...(page.LastEvaluatedKey ? { nextCursor: page.LastEvaluatedKey } : {}),
    };
  }

  /** Every request of an event through GSI2 (the operator's counts); only QUEUED and later. */
  async listAllByEvent(eventId: string): Promise<RequestItem[]> {
    const items = await this.queryAll({
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': eventPartition(eventId) },
    });
    return items.map((item) => RequestItemSchema.parse(item));
  }

  /**
   * One page of outbox entries older than `requestedBefore`: a Query per shard, shard after shard,
   * oldest first. The outbox item exists exactly while its request is RECEIVED (it is written and
   * deleted in the same transactions as the status), so the sweep never scans the table.
   */
  async findStuckReceived(
    requestedBefore: number,
    cursor: OutboxCursor = { shard: 0 },
  ): Promise<{ entries: OutboxEntry[]; next?: OutboxCursor }> {
    const page = await this.clients.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND SK < :before',
        ExpressionAttributeValues: {
          ':pk': outboxPartition(cursor.shard),
          ':before': outboxSortKeyBefore(requestedBefore),
        },
        Limit: OUTBOX_PAGE,
        ...(cursor.startKey ? { ExclusiveStartKey: cursor.startKey } : {}),
      }),
    );
    const entries: OutboxEntry[] = [];
    // One odd item must not stop the sweep from healing all the others: the key says it all.
    for (const item of page.Items ?? []) {
      const key = parseKey({ PK: String(item.PK), SK: String(item.SK) });
      if (key.kind === 'outbox' && typeof item.eventId === 'string') {
        entries.push({ requestId: key.requestId, eventId: item.eventId, requestedAt: key.requestedAt });
      }
    }
    const next: OutboxCursor | undefined = page.LastEvaluatedKey
      ? { shard: cursor.shard, startKey: page.LastEvaluatedKey }
      : cursor.shard + 1 < OUTBOX_SHARDS
        ? { shard: cursor.shard + 1 }
        : undefined;
    return { entries, ...(next ? { next } : {}) };
  }

  async dropOutboxEntry(entry: OutboxEntry): Promise<void> {
    await this.clients.documents.send(
      new DeleteCommand({ TableName: this.tableName, Key: outboxKey(entry.requestId, entry.requestedAt) }),
    );
  }

  // ---- ingest ------------------------------------------------------------------------------

  /**
   * Steps (1) and (2) of ingest: the idempotency lock, the RECEIVED request, its first log and its
   * outbox entry, together. A lock that exists makes it a duplicate; so does a TransactionConflict
   * on the lock (real DynamoDB cancels a transaction that touches an item another transaction is
   * writing: a concurrent click of the same user), answered with the lock's requestId once the
   * other transaction has committed.
   */
  async createReceived(request: NewRequest): Promise<CreateOutcome> {
    const lock = lockKey(request.eventId, request.userId);
    const item: RequestItem = {
      ...requestKey(request.requestId),
      SK: 'META',
      entityType: 'REQUEST',
      requestId: request.requestId,
      eventId: request.eventId,
      userId: request.userId,
      eventType: request.eventType,
      status: Status.RECEIVED,
      requestedAt: request.requestedAt,
      attempt: 0,
      idempotencyKey: lock.PK,
      ttl: Math.floor(request.requestedAt / 1000) + NINETY_DAYS_SECONDS,
    };
    try {
      await this.clients.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...lock,
                  entityType: 'IDEMPOTENCY',
                  requestId: request.requestId,
                  createdAt: request.requestedAt,
                  ...lockTtl(request),
                },
                ConditionExpression: 'attribute_not_exists(PK)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            {
              Put: { TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' },
            },
            statusLogPut({
              tableName: this.tableName,
              requestId: request.requestId,
              fromStatus: null,
              toStatus: Status.RECEIVED,
              occurredAt: request.requestedAt,
              attempt: 0,
            }),
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...outboxKey(request.requestId, request.requestedAt),
                  entityType: 'OUTBOX',
                  requestId: request.requestId,
                  eventId: request.eventId,
                  ttl: item.ttl,
                },
              },
            },
          ],
        }),
      );
      return { kind: 'created', request: item };
    } catch (err) {
      const cancelled = readCancellation(err);
      const lockCode = cancelled?.codes[0];
      const existing = cancelled?.items[0];
      if (lockCode === 'ConditionalCheckFailed' && existing) {
        return { kind: 'duplicate', existingRequestId: String(unmarshall(existing as never).requestId) };
      }
      if (lockCode === 'TransactionConflict') {
        const winner = await this.settledLock(request.eventId, request.userId);
        if (winner) return { kind: 'duplicate', existingRequestId: winner.requestId };
      }
      throw err;
    }
  }

  /**
   * The lock a conflicting transaction is writing. Reads do not wait for a transaction, so the lock
   * may be missing for a few ms; if it never appears the other transaction failed, and the caller
   * gets the conflict (a transient error: 503, and its retry creates the request).
   */
  private async settledLock(eventId: string, userId: string): Promise<LockView | undefined> {
    for (let read = 0; read < LOCK_SETTLE_READS; read++) {
      const lock = await this.getLock(eventId, userId);
      if (lock) return lock;
      await new Promise((resolve) => setTimeout(resolve, 5 * 2 ** read));
    }
    return undefined;
  }

  /** Step (4): RECEIVED -> QUEUED. queuedAt and the index keys are written here and only here. */
  async markQueued(request: RequestItem, queuedAt: number): Promise<TransitionOutcome> {
    return this.transition(request, Status.QUEUED, queuedAt, {
      set: {
        queuedAt,
        ...queuedIndexKeys({ ...request, queuedAt }),
      },
      condition: '#status = :from AND attribute_not_exists(queuedAt)',
      leavesOutbox: true,
    });
  }

  /** The sweep gives up on a request it could never enqueue. */
  async failStuckReceived(request: RequestItem, now: number, failure: Failure): Promise<TransitionOutcome> {
    return this.transition(request, Status.FAILED_FINAL, now, {
      set: { resultCode: 'FAILED_INGEST_ENQUEUE', finishedAt: now, ...failureFields(failure) },
      condition: '#status = :from',
      leavesOutbox: true,
    });
  }

  // ---- worker ------------------------------------------------------------------------------

  /**
   * QUEUED -> PROCESSING, or PROCESSING -> PROCESSING once the earlier attempt's lease is over.
   *
   *   attempt 1  |--acquire--lease------------X (crashed)
   *   attempt 2                                 |--lease expired? take over, attempt 2--|
   *
   * `attempt = :seen` makes the write fail if anyone moved the request since we read it; the
   * conflict carries the item as it is, so the caller decides without another read.
   */
  async acquire(
    request: RequestItem,
    now: number,
    leaseMs: number,
    workerId: string,
    options: CallOptions = {},
  ): Promise<TransitionOutcome> {
    const attempt = request.attempt + 1;
    return this.transition(
      request,
      Status.PROCESSING,
      now,
      {
        set: { attempt, leaseExpiresAt: now + leaseMs, workerId },
        setIfNotExists: { startedAt: now },
        condition:
          '#status = :from AND attempt = :seenAttempt AND attribute_exists(queuedAt) AND ' +
          '(#status = :queued OR leaseExpiresAt < :now)',
        values: { ':queued': Status.QUEUED, ':now': now },
        logAttempt: attempt,
      },
      options,
    );
  }

  /**
   * Gives the lease back: leaseExpiresAt moves to now, so the next delivery may take over at
   * once instead of after the whole lease; the failure that made us give up is kept.
   *
   *   attempt n  |--acquire--X(retryable)--release|
   *   attempt n+1                                   |--take over (no lease to wait out)--|
   */
  async releaseLease(
    request: RequestItem,
    now: number,
    failure: Failure,
    options: CallOptions = {},
  ): Promise<TransitionOutcome> {
    const update = buildUpdate({
      set: {
        leaseExpiresAt: now,
        lastFailure: { ...failureFields(failure), attempt: request.attempt, at: now },
      },
      condition: '#status = :processing AND attempt = :mine',
      names: { '#status': 'status' },
      values: { ':processing': Status.PROCESSING, ':mine': request.attempt },
    });
    try {
      await this.clients.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: requestKey(request.requestId),
          ...update,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
        options,
      );
      return { kind: 'done' };
    } catch (err) {
      if (!isConditionalCheckFailure(err)) throw err;
      const current = (err as { Item?: Record<string, unknown> }).Item;
      return current
        ? { kind: 'conflict', current: RequestItemSchema.parse(unmarshall(current as never)) }
        : { kind: 'conflict' };
    }
  }

  /**
   * PROCESSING -> SUCCEEDED and one seat, in one transaction: either both happen or neither.
   * If no seat is left, a second transaction moves the request to REJECTED / REJECTED_CAPACITY.
   */
  async finishFirstCome(
    request: RequestItem,
    now: number,
    options: CallOptions = {},
  ): Promise<FinishOutcome> {
    if (request.status !== Status.PROCESSING) return { kind: 'stale' };
    const seat = {
      Update: {
        TableName: this.tableName,
        Key: capacityKey(request.eventId),
        UpdateExpression: 'SET capacityRemaining = capacityRemaining - :one, updatedAt = :now',
        ConditionExpression: 'capacityRemaining > :zero',
        ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':now': now },
      },
    };
    try {
      await this.clients.documents.send(
        new TransactWriteCommand({
          TransactItems: [seat, ...this.finalWrites(request, Status.SUCCEEDED, 'SUCCESS', now)],
        }),
        options,
      );
      return { kind: 'succeeded' };
    } catch (err) {
      const cancelled = readCancellation(err);
      if (!cancelled) throw err;
      const [seatCode, requestCode] = cancelled.codes;
      if (requestCode === 'ConditionalCheckFailed') return { kind: 'stale' };
      if (seatCode !== 'ConditionalCheckFailed') throw err;
    }
    const rejected = await this.finish(
      request,
      Status.REJECTED,
      'REJECTED_CAPACITY',
      now,
      undefined,
      options,
    );
    return rejected.kind === 'done' ? { kind: 'rejected' } : { kind: 'stale' };
  }

  /** PROCESSING -> a final status without a seat (REJECTED for other reasons, FAILED_FINAL). */
  async finish(
    request: RequestItem,
    to: Status,
    resultCode: ResultCode,
    now: number,
    failure?: Failure,
    options: CallOptions = {},
  ): Promise<TransitionOutcome> {
    if (!isAllowedTransition(request.status, to)) return { kind: 'conflict', current: request };
    try {
      await this.clients.documents.send(
        new TransactWriteCommand({ TransactItems: this.finalWrites(request, to, resultCode, now, failure) }),
        options,
      );
      return { kind: 'done' };
    } catch (err) {
      if (readCancellation(err)?.codes[0] === 'ConditionalCheckFailed') return { kind: 'conflict' };
      throw err;
    }
  }

  /**
   * DLQ handler: QUEUED or PROCESSING -> FAILED_FINAL / FAILED_WORKER, if nobody moved it since.
   * Marked deadLettered, so that any later republish of this final request says isDlq=true.
   */
  async failDeadLettered(
    request: RequestItem,
    now: number,
    failure: Failure,
    options: CallOptions = {},
  ): Promise<TransitionOutcome> {
    if (!isAllowedTransition(request.status, Status.FAILED_FINAL))
      return { kind: 'conflict', current: request };
    try {
      await this.clients.documents.send(
        new TransactWriteCommand({
          TransactItems: this.transitionWrites(request, Status.FAILED_FINAL, now, {
            set: {
              resultCode: 'FAILED_WORKER',
              finishedAt: now,
              deadLettered: true,
              ...failureFields(failure),
            },
            remove: ['leaseExpiresAt'],
            condition: '#status = :from AND attempt = :seenAttempt',
          }),
        }),
        options,
      );
      return { kind: 'done' };
    } catch (err) {
      if (readCancellation(err)?.codes[0] === 'ConditionalCheckFailed') return { kind: 'conflict' };
      throw err;
    }
  }

  // ---- building blocks ---------------------------------------------------------------------

  /** The request update and log of a final transition by the attempt that holds the request. */
  protected finalWrites(
    request: RequestItem,
    to: Status,
    resultCode: ResultCode,
    now: number,
    failure?: Failure,
  ) {
    return this.transitionWrites(request, to, now, {
      set: { resultCode, finishedAt: now, ...(failure ? failureFields(failure) : {}) },
      remove: ['leaseExpiresAt'],
      // A stale attempt can never finish: only the attempt that holds the request may.
      condition: '#status = :from AND attempt = :seenAttempt',
    });
  }

  private async transition(
    request: RequestItem,
    to: Status,
    now: number,
    change: TransitionParts,
    options: CallOptions = {},
  ): Promise<TransitionOutcome> {
    // A snapshot that can no longer make this step (someone moved it first) is a conflict.
    if (!isAllowedTransition(request.status, to)) return { kind: 'conflict', current: request };
    const writes = this.transitionWrites(request, to, now, change);
    // Leaving RECEIVED removes the outbox entry in the same transaction: it exists iff RECEIVED.
    const outbox = change.leavesOutbox
      ? [{ Delete: { TableName: this.tableName, Key: outboxKey(request.requestId, request.requestedAt) } }]
      : [];
    try {
      await this.clients.documents.send(
        new TransactWriteCommand({ TransactItems: [...writes, ...outbox] }),
        options,
      );
      return { kind: 'done' };
    } catch (err) {
      const cancelled = readCancellation(err);
      if (cancelled?.codes[0] === 'ConditionalCheckFailed') {
        const current = cancelled.items[0];
        return current
          ? { kind: 'conflict', current: RequestItemSchema.parse(unmarshall(current as never)) }
          : { kind: 'conflict' };
      }
      throw err;
    }
  }

  private transitionWrites(request: RequestItem, to: Status, now: number, change: TransitionParts) {
    // The conditions below make DynamoDB refuse a stale write; this refuses a call that asks
    // for a step the contract does not have (a programming error, never a runtime race).
    if (!isAllowedTransition(request.status, to)) {
      throw new Error(
        `refusing ${request.status} -> ${to} for ${request.requestId}: not in the transition table`,
      );
    }
    const update = buildUpdate({
      set: { status: to, ...change.set },
      ...(change.setIfNotExists ? { setIfNotExists: change.setIfNotExists } : {}),
      ...(change.remove ? { remove: change.remove } : {}),
      condition: change.condition,
      names: { '#status': 'status' },
      values: { ':from': request.status, ':seenAttempt': request.attempt, ...change.values },
    });
    return [
      {
        Update: {
          TableName: this.tableName,
          Key: requestKey(request.requestId),
          ...update,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
        },
      },
      statusLogPut({
        tableName: this.tableName,
        requestId: request.requestId,
        fromStatus: request.status,
        toStatus: to,
        occurredAt: now,
        attempt: change.logAttempt ?? request.attempt,
      }),
    ];
  }

  private async queryAll(input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>) {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.clients.documents.send(
        new QueryCommand({
          ...input,
          TableName: this.tableName,
          ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }
}

interface TransitionParts {
  readonly set: Record<string, unknown>;
  readonly setIfNotExists?: Record<string, unknown>;
  readonly remove?: readonly string[];
  readonly condition: string;
  readonly values?: Record<string, unknown>;
  readonly logAttempt?: number;
  /** This step leaves RECEIVED: the outbox entry goes in the same transaction. */
  readonly leavesOutbox?: boolean;
}

/** Event end + 7 days; an event without an end keeps its locks (they must outlive the event). */
function lockTtl(request: NewRequest): { ttl?: number } {
  return request.eventEndsAt === undefined
    ? {}
    : { ttl: Math.floor((request.eventEndsAt + SEVEN_DAYS_MS) / 1000) };
}

function failureFields(failure: Failure) {
  return {
    failureClass: failure.failureClass,
    errorCode: failure.errorCode,
    errorMessage: truncateErrorMessage(failure.errorMessage),
  };
}
