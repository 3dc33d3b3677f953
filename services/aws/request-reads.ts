/**
 * The reads of requests both cores make: consistent GetItems of one item, and Queries of the log
 * and the two indexes. Never a Scan. Each answer is parsed by the contract's schema.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type CapacityItem,
  CapacityItemSchema,
  capacityKey,
  eventPartition,
  LockItemSchema,
  lockKey,
  type RequestItem,
  RequestItemSchema,
  requestKey,
  STATUS_LOG_SK_PREFIX,
  type StatusLogItem,
  StatusLogItemSchema,
  type TableKey,
  userPartition,
} from '../common';
import type { LockView } from '../ingest/ports';
import type { CallOptions } from '../worker/ports';
import type { AwsClients } from './clients';
import { queryAll } from './query-all';

export class DynamoRequestReads {
  constructor(
    private readonly clients: AwsClients,
    readonly tableName: string,
  ) {}

  async getRequest(requestId: string, options: CallOptions = {}): Promise<RequestItem | undefined> {
    const Item = await this.getItem(requestKey(requestId), options);
    return Item ? RequestItemSchema.parse(Item) : undefined;
  }

  async getCapacity(eventId: string): Promise<CapacityItem | undefined> {
    const Item = await this.getItem(capacityKey(eventId));
    return Item ? CapacityItemSchema.parse(Item) : undefined;
  }

  /** One consistent GetItem of the lock: what a duplicate costs. */
  async getLock(eventId: string, userId: string): Promise<LockView | undefined> {
    const Item = await this.getItem(lockKey(eventId, userId));
    if (!Item) return undefined;
    const lock = LockItemSchema.parse(Item);
    return { requestId: lock.requestId };
  }

  async getLockedRequestId(eventId: string, userId: string): Promise<string | undefined> {
    return (await this.getLock(eventId, userId))?.requestId;
  }

  async getStatusLog(requestId: string): Promise<StatusLogItem[]> {
    const items = await queryAll(this.clients.documents, this.tableName, {
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
    const items = await queryAll(this.clients.documents, this.tableName, {
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': eventPartition(eventId) },
    });
    return items.map((item) => RequestItemSchema.parse(item));
  }

  private async getItem(Key: TableKey, options: CallOptions = {}) {
    const { Item } = await this.clients.documents.send(
      new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }),
      options,
    );
    return Item;
  }
}
