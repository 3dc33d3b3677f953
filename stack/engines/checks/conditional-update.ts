/**
 * The worker's and ingest's conditional transitions: UpdateItem with a condition, if_not_exists
 * (queuedAt written once), REMOVE, and the old item returned on a failed condition.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { withCheckItem } from '../check-table';
import { type EngineCheck, errorName, expectEngine } from '../engine-check';

export const conditionalUpdateCheck: EngineCheck = {
  name: 'conditional-update',
  requirement:
    'UpdateItem with conditions, if_not_exists and REMOVE; ReturnValuesOnConditionCheckFailure ALL_OLD on a failed condition',
  async run(context) {
    const seed = { key: { PK: 'REQ#r1', SK: 'META' }, attributes: { status: 'RECEIVED', scratch: 'x' } };
    await withCheckItem(context, 'upd', seed, async ({ tableName, key: Key, read }) => {
      const queue = (queuedAt: number) =>
        context.documents.send(
          new UpdateCommand({
            TableName: tableName,
            Key,
            UpdateExpression: 'SET #s = :queued, queuedAt = if_not_exists(queuedAt, :at) REMOVE scratch',
            ConditionExpression: '#s IN (:received, :queued)',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':queued': 'QUEUED', ':received': 'RECEIVED', ':at': queuedAt },
          }),
        );
      await queue(1000);
      await queue(2000);
      const item = await read();
      expectEngine(item?.queuedAt === 1000, `if_not_exists overwrote queuedAt: ${item?.queuedAt}`, item);
      expectEngine(item?.status === 'QUEUED', `expected status QUEUED, got ${item?.status}`, item);
      expectEngine(item !== undefined && !('scratch' in item), 'REMOVE left the attribute in place', item);

      let failure: unknown;
      try {
        await context.documents.send(
          new UpdateCommand({
            TableName: tableName,
            Key,
            UpdateExpression: 'SET #s = :processing',
            ConditionExpression: '#s = :received',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':processing': 'PROCESSING', ':received': 'RECEIVED' },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
      } catch (err) {
        failure = err;
      }
      expectEngine(failure !== undefined, 'an update whose condition is false succeeded');
      expectEngine(
        failure instanceof ConditionalCheckFailedException ||
          errorName(failure) === 'ConditionalCheckFailedException',
        `expected ConditionalCheckFailedException, got ${errorName(failure)}`,
      );
      const old = (failure as ConditionalCheckFailedException).Item;
      const image = old ? unmarshall(old) : undefined;
      expectEngine(
        image?.status === 'QUEUED',
        `expected the old item with ALL_OLD, got ${JSON.stringify(image)}`,
      );
    });
  },
};
