/**
 * DynamoDB Local runs on a cold JVM: ~50 transactions/s in the first seconds and ~270/s after
 * ~20 s on this class of machine. Anything measured before that measures the JIT, so runs and
 * benchmarks warm it first with the same kind of call the pipeline makes (TransactWriteItems).
 */
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from '../services/aws/clients';
import { ensureTable } from './provision';
import { defineResources } from './resources';

export interface WarmUpReport {
  readonly transactions: number;
  readonly lastRatePerSecond: number;
}

export async function warmUpDynamoDb(
  clients: AwsClients,
  options: { seconds: number; concurrency?: number; onProgress?: (message: string) => void },
): Promise<WarmUpReport> {
  const definition = defineResources({ namePrefix: `warmup-${Date.now().toString(36)}-` });
  await ensureTable(clients, definition);
  const tableName = definition.table.name;
  const deadline = Date.now() + options.seconds * 1000;
  let transactions = 0;
  let windowStart = Date.now();
  let windowCount = 0;
  let lastRatePerSecond = 0;
  const worker = async (lane: number) => {
    for (let i = 0; Date.now() < deadline; i++) {
      const id = `${lane}-${i}`;
      await clients.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: { PK: `W#${id}`, SK: 'A', n: i },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            { Put: { TableName: tableName, Item: { PK: `W#${id}`, SK: 'B', n: i } } },
          ],
        }),
      );
      transactions++;
      windowCount++;
      const elapsed = Date.now() - windowStart;
      if (elapsed >= 5_000) {
        lastRatePerSecond = Math.round((windowCount * 1000) / elapsed);
        options.onProgress?.(`warm-up: ${lastRatePerSecond} transactions/s`);
        windowStart = Date.now();
        windowCount = 0;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, (_, lane) => worker(lane)));
  await clients.dynamodb.send(new DeleteTableCommand({ TableName: tableName }));
  return { transactions, lastRatePerSecond };
}
