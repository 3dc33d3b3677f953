/**
 * ClientRequestToken on TransactWriteItems: the same token and payload is applied once however
 * often it is sent (an SDK retry after a lost answer must not take a second seat), and the same
 * token with another payload is refused with IdempotentParameterMismatchException.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { withCheckItem } from '../check-table';
import { type EngineCheck, errorName, expectEngine } from '../engine-check';

export const clientRequestTokenCheck: EngineCheck = {
  name: 'client-request-token',
  requirement:
    'ClientRequestToken makes TransactWriteItems idempotent; another payload under the same token is refused',
  async run(context) {
    const seed = { key: { PK: 'EVENT#E1', SK: 'CAPACITY' }, attributes: { capacityRemaining: 10 } };
    await withCheckItem(context, 'token', seed, async ({ tableName, key: Key, read }) => {
      const take = (seats: number) =>
        context.documents.send(
          new TransactWriteCommand({
            ClientRequestToken: 'seat-for-request-r1',
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key,
                  UpdateExpression: 'SET capacityRemaining = capacityRemaining - :n',
                  ConditionExpression: 'capacityRemaining >= :n',
                  ExpressionAttributeValues: { ':n': seats },
                },
              },
            ],
          }),
        );
      await take(1);
      await take(1);
      const item = await read();
      expectEngine(
        item?.capacityRemaining === 9,
        `the same ClientRequestToken was applied twice: capacityRemaining ${item?.capacityRemaining}, expected 9`,
      );
      let mismatch: unknown;
      try {
        await take(2);
      } catch (err) {
        mismatch = err;
      }
      expectEngine(
        errorName(mismatch) === 'IdempotentParameterMismatchException',
        `another payload under the same token: expected IdempotentParameterMismatchException, got ${mismatch === undefined ? 'success' : errorName(mismatch)}`,
      );
    });
  },
};
