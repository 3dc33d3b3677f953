/**
 * The reads of `/me`, the operator view and the harness's final reads: a GSI queried newest
 * first in pages (Limit + ExclusiveStartKey), and a consistent Scan in pages, each item once.
 */
import { BatchWriteCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { withCheckTable } from '../check-table';
import { type EngineCheck, type EngineContext, expectEngine } from '../engine-check';

const ITEMS = 25;
const PAGE = 10;

async function seed(context: EngineContext, tableName: string): Promise<void> {
  const items = Array.from({ length: ITEMS }, (_, i) => {
    const at = String(1_700_000_000_000 + i * 1000).padStart(13, '0');
    return {
      PK: `REQ#r${i}`,
      SK: 'META',
      GSI1PK: 'USER#alice',
      GSI1SK: `QAT#${at}#REQ#r${i}`,
      n: i,
    };
  });
  for (let i = 0; i < items.length; i += 25) {
    await context.documents.send(
      new BatchWriteCommand({
        RequestItems: { [tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
}

export const gsiQueryCheck: EngineCheck = {
  name: 'gsi-query-pages',
  requirement: 'Query on a GSI newest first (ScanIndexForward=false) with Limit and ExclusiveStartKey',
  async run(context) {
    await withCheckTable(context, 'gsi', async (tableName) => {
      await seed(context, tableName);
      const seen: number[] = [];
      const pageSizes: number[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await context.documents.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'GSI1',
            KeyConditionExpression: 'GSI1PK = :user',
            ExpressionAttributeValues: { ':user': 'USER#alice' },
            ScanIndexForward: false,
            Limit: PAGE,
            ExclusiveStartKey: start,
          }),
        );
        pageSizes.push(page.Items?.length ?? 0);
        for (const item of page.Items ?? []) seen.push(Number(item.n));
        start = page.LastEvaluatedKey;
        expectEngine(pageSizes.length <= ITEMS, 'the GSI query never stopped paging', pageSizes);
      } while (start);
      const expected = Array.from({ length: ITEMS }, (_, i) => ITEMS - 1 - i);
      expectEngine(
        seen.join() === expected.join(),
        `expected all ${ITEMS} items newest first across pages, got [${seen}]`,
        { pageSizes },
      );
      expectEngine(
        pageSizes.slice(0, 2).every((size) => size === PAGE),
        `expected full pages of ${PAGE} before the last, got [${pageSizes}]`,
      );
    });
  },
};

export const scanPagesCheck: EngineCheck = {
  name: 'scan-pages',
  requirement: 'Scan with ConsistentRead and pagination returns every item exactly once',
  async run(context) {
    await withCheckTable(context, 'scan', async (tableName) => {
      await seed(context, tableName);
      const counts = new Map<number, number>();
      let start: Record<string, unknown> | undefined;
      let pages = 0;
      do {
        const page = await context.documents.send(
          new ScanCommand({ TableName: tableName, ConsistentRead: true, Limit: 7, ExclusiveStartKey: start }),
        );
        pages++;
        for (const item of page.Items ?? [])
          counts.set(Number(item.n), (counts.get(Number(item.n)) ?? 0) + 1);
        start = page.LastEvaluatedKey;
        expectEngine(pages <= ITEMS + 1, 'the scan never stopped paging');
      } while (start);
      const twice = [...counts].filter(([, count]) => count > 1).map(([n]) => n);
      expectEngine(counts.size === ITEMS, `expected ${ITEMS} items from the paged scan, got ${counts.size}`);
      expectEngine(twice.length === 0, `items returned twice across pages: [${twice}]`);
      expectEngine(pages >= 4, `expected at least 4 pages of 7, got ${pages}: Limit is ignored`);
    });
  },
};
