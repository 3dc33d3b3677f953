/**
 * How fast an engine serves the calls the pipeline makes, at a fixed concurrency after a
 * warm-up: TransactWriteItems (the ingest create and the worker's seat) and consistent GetItem
 * (every duplicate and every worker read). Printed by the engine CLI next to the suite.
 */
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { percentile } from '../../services/common/percentile';
import { withCheckTable } from './check-table';
import type { EngineContext } from './engine-check';

export interface EngineRate {
  readonly call: 'TransactWriteItems' | 'GetItem';
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
}

export async function measureEngineRates(
  context: EngineContext,
  options: { concurrency: number; seconds: number; warmUpSeconds: number },
): Promise<EngineRate[]> {
  return withCheckTable(context, 'rates', async (tableName) => {
    await context.documents.send(
      new PutCommand({ TableName: tableName, Item: { PK: 'HOT', SK: 'LOCK', n: 1 } }),
    );
    let sequence = 0;
    const transact = () => {
      const id = `T${sequence++}`;
      return context.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: { PK: `IDEMP#${id}`, SK: 'LOCK', requestId: id },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            { Put: { TableName: tableName, Item: { PK: `REQ#${id}`, SK: 'META', status: 'RECEIVED' } } },
          ],
        }),
      );
    };
    const get = () =>
      context.documents.send(
        new GetCommand({ TableName: tableName, Key: { PK: 'HOT', SK: 'LOCK' }, ConsistentRead: true }),
      );
    const rates: EngineRate[] = [];
    for (const [call, send] of [
      ['TransactWriteItems', transact],
      ['GetItem', get],
    ] as const) {
      await drive(send, options.concurrency, options.warmUpSeconds);
      const latencies = await drive(send, options.concurrency, options.seconds);
      rates.push({
        call,
        perSecond: Math.round(latencies.length / options.seconds),
        p50Ms: percentile(latencies, 50),
        p95Ms: percentile(latencies, 95),
      });
    }
    return rates;
  });
}

async function drive(send: () => Promise<unknown>, concurrency: number, seconds: number): Promise<number[]> {
  const deadline = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  const lane = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      await send();
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return latencies;
}
