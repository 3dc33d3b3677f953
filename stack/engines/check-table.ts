/**
 * The table shape every engine check runs on: the project's own (PK/SK strings, GSI1 and GSI2,
 * PAY_PER_REQUEST, TTL on `ttl`), created through the SDK and waited for until ACTIVE.
 */
import {
  CreateTableCommand,
  DeleteTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EngineContext } from './engine-check';

export async function createCheckTable(context: EngineContext, name: string): Promise<string> {
  const tableName = `${context.prefix}${name}`;
  const index = (n: 1 | 2) => ({
    IndexName: `GSI${n}`,
    KeySchema: [
      { AttributeName: `GSI${n}PK`, KeyType: 'HASH' as const },
      { AttributeName: `GSI${n}SK`, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  await context.dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'].map((attribute) => ({
        AttributeName: attribute,
        AttributeType: 'S' as const,
      })),
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [index(1), index(2)],
    }),
  );
  await waitUntilTableExists({ client: context.dynamodb, maxWaitTime: 120 }, { TableName: tableName });
  await context.dynamodb.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    }),
  );
  return tableName;
}

export async function dropCheckTable(context: EngineContext, tableName: string): Promise<void> {
  await context.dynamodb.send(new DeleteTableCommand({ TableName: tableName })).catch(() => {});
}

/** Runs `body` on a fresh check table that is dropped afterwards, whatever `body` did. */
export async function withCheckTable<T>(
  context: EngineContext,
  name: string,
  body: (tableName: string) => Promise<T>,
): Promise<T> {
  const tableName = await createCheckTable(context, name);
  try {
    return await body(tableName);
  } finally {
    await dropCheckTable(context, tableName);
  }
}

/** The one item a check starts from, on its table. */
export interface CheckItem {
  readonly tableName: string;
  readonly key: Readonly<Record<string, string>>;
  /** The item as it is now, read strongly consistent. */
  read(): Promise<Record<string, unknown> | undefined>;
}

/** Runs `body` on a fresh check table holding one item (its key and attributes), dropped afterwards. */
export function withCheckItem<T>(
  context: EngineContext,
  name: string,
  item: { key: Record<string, string>; attributes: Record<string, unknown> },
  body: (item: CheckItem) => Promise<T>,
): Promise<T> {
  return withCheckTable(context, name, async (tableName) => {
    const key = item.key;
    await context.documents.send(
      new PutCommand({ TableName: tableName, Item: { ...key, ...item.attributes } }),
    );
    const read = async () =>
      (await context.documents.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true })))
        .Item;
    return body({ tableName, key, read });
  });
}
