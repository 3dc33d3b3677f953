/**
 * The TransactionConflict fault in front of the real engine: the SDK sees the cancellation real
 * DynamoDB gives under contention (the reason at the conflicting item, None elsewhere), nothing
 * is written, and calls other than TransactWriteItems pass untouched.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCheckTable } from '../engines/check-table';
import { connectEngine } from '../engines/engine-check';
import { type StartedFaultProxy, seededRandom, startFaultProxy } from './fault-proxy';

const target = inject('awsTarget');

describe('fault proxy: transaction-conflict', () => {
  let proxy: StartedFaultProxy;
  let engine: ReturnType<typeof connectEngine>;
  let tableName: string;

  beforeAll(async () => {
    proxy = await startFaultProxy({ target: target.endpoints.dynamodb ?? '', random: seededRandom(7) });
    engine = connectEngine(
      { url: proxy.url, region: target.region, credentials: target.credentials },
      `proxy-${Date.now().toString(36)}-`,
    );
    tableName = await createCheckTable(engine, 'conflict');
  });
  afterAll(async () => {
    engine.destroy();
    await proxy.stop();
  });

  it('cancels every transaction with TransactionConflict at one item and writes nothing', async () => {
    proxy.setFault({ kind: 'transaction-conflict', rate: 1 });
    const keys = [1, 2, 3].map((n) => ({ PK: `REQ#c${n}`, SK: 'META' }));
    const error = await engine.documents
      .send(
        new TransactWriteCommand({
          TransactItems: keys.map((Key) => ({ Put: { TableName: tableName, Item: { ...Key, n: 1 } } })),
        }),
      )
      .then(
        () => undefined,
        (err: unknown) => err,
      );

    expect(error).toBeInstanceOf(TransactionCanceledException);
    const codes = ((error as TransactionCanceledException).CancellationReasons ?? []).map((r) => r.Code);
    expect(codes).toHaveLength(3);
    expect(codes.filter((code) => code === 'TransactionConflict')).toHaveLength(1);
    expect(codes.filter((code) => code === 'None')).toHaveLength(2);
    expect(proxy.stats.conflicts).toBe(1);
    proxy.setFault(undefined);
    for (const Key of keys) {
      const { Item } = await engine.documents.send(
        new GetCommand({ TableName: tableName, Key, ConsistentRead: true }),
      );
      expect(Item).toBeUndefined();
    }
  });

  it('lets calls other than TransactWriteItems through', async () => {
    proxy.setFault({ kind: 'transaction-conflict', rate: 1 });
    const before = proxy.stats.conflicts;
    await engine.documents.send(
      new PutCommand({ TableName: tableName, Item: { PK: 'REQ#plain', SK: 'META' } }),
    );
    const { Item } = await engine.documents.send(
      new GetCommand({ TableName: tableName, Key: { PK: 'REQ#plain', SK: 'META' }, ConsistentRead: true }),
    );
    expect(Item?.PK).toBe('REQ#plain');
    expect(proxy.stats.conflicts).toBe(before);
    proxy.setFault(undefined);
  });
});
