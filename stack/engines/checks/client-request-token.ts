/**
 * ClientRequestToken on TransactWriteItems: the same token and payload is applied once however
 * often it is sent (an SDK retry after a lost answer must not take a second seat), and the same
 * token with another payload is refused with IdempotentParameterMismatchException.
 */
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { withCheckTable } from '../check-table';
import { type EngineCheck, errorName, expectEngine } from '../engine-check';

export const clientRequestTokenCheck: EngineCheck = {
  name: 'client-request-token',
  requirement:
    'ClientRequestToken makes TransactWriteItems idempotent; another payload under the same token is refused',
  async run(context) {
    const Key = { PK: 'EVENT#E1', SK: 'CAPACITY' };
    await withCheckTable(context, 'token', async (tableName) => {
      await context.documents.send(
        new PutCommand({ TableName: tableName, Item: { ...Key, capacityRemaining: 10 } }),
      );
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
      const { Item } = await context.documents.send(
        new GetCommand({ TableName: tableName, Key, ConsistentRead: true }),
      );
      expectEngine(
        Item?.capacityRemaining === 9,
        `the same ClientRequestToken was applied twice: capacityRemaining ${Item?.capacityRemaining}, expected 9`,
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
