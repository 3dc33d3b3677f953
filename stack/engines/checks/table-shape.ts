/** CreateTable with PK/SK, two GSIs, PAY_PER_REQUEST, and TTL switched on. */
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { withCheckTable } from '../check-table';
import { type EngineCheck, expectEngine } from '../engine-check';

export const tableShapeCheck: EngineCheck = {
  name: 'table-shape',
  requirement: 'CreateTable with PK/SK, GSI1 and GSI2, PAY_PER_REQUEST; UpdateTimeToLive on `ttl`',
  async run(context) {
    await withCheckTable(context, 'shape', async (tableName) => {
      const { Table } = await context.dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
      const indexes = (Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort();
      expectEngine(
        indexes.join() === 'GSI1,GSI2',
        `expected GSI1 and GSI2, DescribeTable lists [${indexes}]`,
      );
      const billing = Table?.BillingModeSummary?.BillingMode;
      expectEngine(billing === 'PAY_PER_REQUEST', `expected PAY_PER_REQUEST, DescribeTable says ${billing}`);
      const keys = (Table?.KeySchema ?? []).map((key) => `${key.AttributeName}:${key.KeyType}`).join();
      expectEngine(keys === 'PK:HASH,SK:RANGE', `expected PK:HASH,SK:RANGE, got ${keys}`);
      const ttl = await context.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
      const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
      const attribute = ttl.TimeToLiveDescription?.AttributeName;
      expectEngine(
        (status === 'ENABLED' || status === 'ENABLING') && attribute === 'ttl',
        `expected TTL on ttl to be enabled, DescribeTimeToLive says ${status} on ${attribute}`,
      );
    });
  },
};
