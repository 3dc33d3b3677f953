/**
 * The sweep's view of the outbox: the entries of requests that may be stuck in RECEIVED. The
 * outbox item exists exactly while its request is RECEIVED (it is written and deleted in the same
 * transactions as the status), so the sweep never scans the table.
 */
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { OUTBOX_SHARDS, outboxKey, outboxPartition, outboxSortKeyBefore, parseKey } from '../common';
import type { OutboxCursor, OutboxEntry } from '../ingest/ports';
import type { AwsClients } from './clients';

/** Items per outbox Query page: the sweep holds at most one page in memory. */
const OUTBOX_PAGE = 100;

export class DynamoOutboxReads {
  constructor(
    private readonly clients: AwsClients,
    readonly tableName: string,
  ) {}

  /** One page of entries older than `requestedBefore`: a Query per shard, shard after shard, oldest first. */
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
}
