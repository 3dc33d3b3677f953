/**
 * The DynamoDB adapter for every status change of a request. It only translates: each method is
 * one conditional call (or transaction) of the transition table, and a failed condition becomes
 * a typed outcome. The rules about *when* to call what live in ingest and worker.
 */
import { GetCommand, QueryCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type CapacityItem,
  CapacityItemSchema,
  capacityKey,
  type EventType,
  eventPartition,
  type FailureClass,
  isAllowedTransition,
  lockKey,
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
import type { AwsClients } from './clients';
import { readCancellation } from './dynamo-errors';
import { statusLogPut } from './status-log';

const NINETY_DAYS_SECONDS = 90 * 24 * 3600;
const SEVEN_DAYS_MS = 7 * 24 * 3600 * 1000;

export interface NewRequest {
  readonly requestId: string;
  readonly eventId: string;
  readonly userId: string;
  readonly eventType: EventType;
  readonly requestedAt: number;
  /** When the event ends; the lock outlives it by seven days. */
  readonly eventEndsAt?: number;
}

export type CreateOutcome = { kind: 'created' } | { kind: 'duplicate'; existingRequestId: string };

export type TransitionOutcome = { kind: 'done' } | { kind: 'conflict'; current?: RequestItem };

export type FinishOutcome =
  | { kind: 'succeeded' }
  | { kind: 'rejected' }
  /** The attempt is no longer ours (a later delivery took over): nothing was written. */
  | { kind: 'stale' };

export interface Failure {
  readonly failureClass: FailureClass;
  readonly errorCode: string;
  readonly errorMessage: string;
}

export class DynamoRequestStore {
  constructor(
    protected readonly clients: AwsClients,
    readonly tableName: string,
  ) {}

  // ---- reads -------------------------------------------------------------------------------

  async getRequest(requestId: string): Promise<RequestItem | undefined> {
    const { Item } = await this.clients.documents.send(
      new GetCommand({ TableName: this.tableName, Key: requestKey(requestId), ConsistentRead: true }),
    );
    return Item ? RequestItemSchema.parse(Item) : undefined;
  }

  async getCapacity(eventId: string): Promise<CapacityItem | undefined> {
    const { Item } = await this.clients.documents.send(
      new GetCommand({ TableName: this.tableName, Key: capacityKey(eventId), ConsistentRead: true }),
    );
    return Item ? CapacityItemSchema.parse(Item) : undefined;
  }

  async getLockedRequestId(eventId: string, userId: string): Promise<string | undefined> {
    const { Item } = await this.clients.documents.send(
      new GetCommand({ TableName: this.tableName, Key: lockKey(eventId, userId), ConsistentRead: true }),
    );
    return typeof Item?.requestId === 'string' ? Item.requestId : undefined;
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
   * RECEIVED requests older than `requestedBefore`. A Scan, because RECEIVED requests carry no
   * index keys by contract; the sweep runs rarely and in the background, never on a user's path.
   */
  async findStuckReceived(requestedBefore: number): Promise<RequestItem[]> {
    const found: RequestItem[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.clients.documents.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'entityType = :request AND #status = :received AND requestedAt < :before',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':request': 'REQUEST',
            ':received': Status.RECEIVED,
            ':before': requestedBefore,
          },
          ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
        }),
      );
      // One malformed item must not stop the sweep from healing all the others.
      for (const item of page.Items ?? []) {
        const parsed = RequestItemSchema.safeParse(item);
        if (parsed.success) found.push(parsed.data);
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return found;
  }

  // ---- ingest ------------------------------------------------------------------------------

  /** Steps (1) and (2) of ingest: the idempotency lock and the RECEIVED request, together. */
  async createReceived(request: NewRequest): Promise<CreateOutcome> {
    const lock = lockKey(request.eventId, request.userId);
    const lockExpires = (request.eventEndsAt ?? request.requestedAt) + SEVEN_DAYS_MS;
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
                  ttl: Math.floor(lockExpires / 1000),
                },
                ConditionExpression: 'attribute_not_exists(PK)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...requestKey(request.requestId),
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
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            statusLogPut({
              tableName: this.tableName,
              requestId: request.requestId,
              fromStatus: null,
              toStatus: Status.RECEIVED,
              occurredAt: request.requestedAt,
              attempt: 0,
            }),
          ],
        }),
      );
      return { kind: 'created' };
    } catch (err) {
      const cancelled = readCancellation(err);
      const existing = cancelled?.items[0];
      if (cancelled?.codes[0] === 'ConditionalCheckFailed' && existing) {
        return { kind: 'duplicate', existingRequestId: String(unmarshall(existing as never).requestId) };
      }
      throw err;
    }
  }

  /** Step (4): RECEIVED -> QUEUED. queuedAt and the index keys are written here and only here. */
  async markQueued(request: RequestItem, queuedAt: number): Promise<TransitionOutcome> {
    return this.transition(request, Status.QUEUED, queuedAt, {
      set: {
        queuedAt,
        ...queuedIndexKeys({ ...request, queuedAt }),
      },
      condition: '#status = :from AND attribute_not_exists(queuedAt)',
    });
  }

  /** The sweep gives up on a request it could never enqueue. */
  async failStuckReceived(request: RequestItem, now: number, failure: Failure): Promise<TransitionOutcome> {
    return this.transition(request, Status.FAILED_FINAL, now, {
      set: { resultCode: 'FAILED_INGEST_ENQUEUE', finishedAt: now, ...failureFields(failure) },
      condition: '#status = :from',
    });
  }

  // ---- worker ------------------------------------------------------------------------------

  /**
   * QUEUED -> PROCESSING, or PROCESSING -> PROCESSING once the earlier attempt's lease is over.
   *
   *   attempt 1  |--acquire--lease------------X (crashed)
   *   attempt 2                                 |--lease expired? take over, attempt 2--|
   *
   * `attempt = :seen` makes the write fail if anyone moved the request since we read it.
   */
  async acquire(
    request: RequestItem,
    now: number,
    leaseMs: number,
    workerId: string,
  ): Promise<TransitionOutcome> {
    const attempt = request.attempt + 1;
    return this.transition(request, Status.PROCESSING, now, {
      set: { attempt, leaseExpiresAt: now + leaseMs, workerId },
      setIfNotExists: { startedAt: now },
      condition:
        '#status = :from AND attempt = :seenAttempt AND attribute_exists(queuedAt) AND ' +
        '(#status = :queued OR leaseExpiresAt < :now)',
      values: { ':queued': Status.QUEUED, ':now': now },
      logAttempt: attempt,
    });
  }

  /**
   * PROCESSING -> SUCCEEDED and one seat, in one transaction: either both happen or neither.
   * If no seat is left, a second transaction moves the request to REJECTED / REJECTED_CAPACITY.
   */
  async finishFirstCome(request: RequestItem, now: number): Promise<FinishOutcome> {
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
      );
      return { kind: 'succeeded' };
    } catch (err) {
      const cancelled = readCancellation(err);
      if (!cancelled) throw err;
      const [seatCode, requestCode] = cancelled.codes;
      if (requestCode === 'ConditionalCheckFailed') return { kind: 'stale' };
      if (seatCode !== 'ConditionalCheckFailed') throw err;
    }
    const rejected = await this.finish(request, Status.REJECTED, 'REJECTED_CAPACITY', now);
    return rejected.kind === 'done' ? { kind: 'rejected' } : { kind: 'stale' };
  }

  /** PROCESSING -> a final status without a seat (REJECTED for other reasons, FAILED_FINAL). */
  async finish(
    request: RequestItem,
    to: Status,
    resultCode: ResultCode,
    now: number,
    failure?: Failure,
  ): Promise<TransitionOutcome> {
    if (!isAllowedTransition(request.status, to)) return { kind: 'conflict', current: request };
    try {
      await this.clients.documents.send(
        new TransactWriteCommand({ TransactItems: this.finalWrites(request, to, resultCode, now, failure) }),
      );
      return { kind: 'done' };
    } catch (err) {
      if (readCancellation(err)?.codes[0] === 'ConditionalCheckFailed') return { kind: 'conflict' };
      throw err;
    }
  }

  /** DLQ handler: QUEUED or PROCESSING -> FAILED_FINAL / FAILED_WORKER, if nobody moved it since. */
  async failDeadLettered(request: RequestItem, now: number, failure: Failure): Promise<TransitionOutcome> {
    return this.finish(request, Status.FAILED_FINAL, 'FAILED_WORKER', now, failure);
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
    change: UpdateParts,
  ): Promise<TransitionOutcome> {
    // A snapshot that can no longer make this step (someone moved it first) is a conflict.
    if (!isAllowedTransition(request.status, to)) return { kind: 'conflict', current: request };
    try {
      await this.clients.documents.send(
        new TransactWriteCommand({ TransactItems: this.transitionWrites(request, to, now, change) }),
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

  private transitionWrites(request: RequestItem, to: Status, now: number, change: UpdateParts) {
    // The conditions below make DynamoDB refuse a stale write; this refuses a call that asks
    // for a step the contract does not have (a programming error, never a runtime race).
    if (!isAllowedTransition(request.status, to)) {
      throw new Error(
        `refusing ${request.status} -> ${to} for ${request.requestId}: not in the transition table`,
      );
    }
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {
      ':from': request.status,
      ':to': to,
      ':seenAttempt': request.attempt,
      ...change.values,
    };
    const sets = ['#status = :to'];
    for (const [field, value] of Object.entries(change.set)) {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    for (const [field, value] of Object.entries(change.setIfNotExists ?? {})) {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = if_not_exists(#${field}, :${field})`);
    }
    const removes = change.remove ?? [];
    for (const field of removes) names[`#${field}`] = field;
    const update = `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.map((f) => `#${f}`).join(', ')}` : ''}`;
    // DynamoDB refuses values that no expression uses, so keep only the placeholders in use.
    const expressions = `${update} ${change.condition}`;
    const usedValues = Object.fromEntries(
      Object.entries(values).filter(([key]) => new RegExp(`${key}(?![A-Za-z0-9_])`).test(expressions)),
    );
    return [
      {
        Update: {
          TableName: this.tableName,
          Key: requestKey(request.requestId),
          UpdateExpression: update,
          ConditionExpression: change.condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: usedValues,
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

interface UpdateParts {
  readonly set: Record<string, unknown>;
  readonly setIfNotExists?: Record<string, unknown>;
  readonly remove?: readonly string[];
  readonly condition: string;
  readonly values?: Record<string, unknown>;
  readonly logAttempt?: number;
}

function failureFields(failure: Failure) {
  return {
    failureClass: failure.failureClass,
    errorCode: failure.errorCode,
    errorMessage: truncateErrorMessage(failure.errorMessage),
  };
}
