/**
 * Ingest's create transaction (lock + request, both `attribute_not_exists`): a duplicate must be
 * cancelled with TransactionCanceledException, the reasons in item order, and the conflicting
 * item's old image when ReturnValuesOnConditionCheckFailure is ALL_OLD. Ingest reads the first
 * requestId from that image.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { withCheckTable } from '../check-table';
import { type EngineCheck, errorName, expectEngine } from '../engine-check';

export const duplicateTransactionCheck: EngineCheck = {
  name: 'duplicate-transaction',
  requirement:
    'TransactWriteItems with attribute_not_exists: a duplicate is cancelled with reasons in item order and the old item (ALL_OLD)',
  async run(context) {
    await withCheckTable(context, 'dup', async (tableName) => {
      const create = (requestId: string, freshKey: string) =>
        context.documents.send(
          new TransactWriteCommand({
            TransactItems: [
              // Item 0 always succeeds (a fresh key), item 1 is the lock: the reasons must say which failed.
              {
                Put: {
                  TableName: tableName,
                  Item: { PK: `REQ#${freshKey}`, SK: 'META', requestId },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: { PK: 'IDEMP#EVT#alice', SK: 'LOCK', requestId },
                  ConditionExpression: 'attribute_not_exists(PK)',
                  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                },
              },
            ],
          }),
        );
      await create('first', 'a');
      let cancelled: unknown;
      try {
        await create('second', 'b');
      } catch (err) {
        cancelled = err;
      }
      expectEngine(
        cancelled !== undefined,
        'the duplicate transaction succeeded: the lock condition was not applied',
      );
      expectEngine(
        cancelled instanceof TransactionCanceledException ||
          errorName(cancelled) === 'TransactionCanceledException',
        `expected TransactionCanceledException, got ${errorName(cancelled)}`,
        String(cancelled),
      );
      const reasons = (cancelled as TransactionCanceledException).CancellationReasons ?? [];
      const codes = reasons.map((reason) => reason.Code ?? '?');
      expectEngine(
        codes.length === 2 && codes[0] === 'None' && codes[1] === 'ConditionalCheckFailed',
        `expected reasons [None, ConditionalCheckFailed] in item order, got [${codes}]`,
      );
      const old = reasons[1]?.Item ? unmarshall(reasons[1].Item) : undefined;
      expectEngine(
        old?.requestId === 'first',
        `expected the lock's old image (requestId first) with ALL_OLD, got ${JSON.stringify(old)}`,
      );
    });
  },
};
