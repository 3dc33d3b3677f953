import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from '../services/aws/clients';
import { capacityKey, EventType } from '../services/common';
import type { CapacityFixture, ResourceDefinition } from './resources';

export interface ProvisionedResources {
  readonly tableName: string;
  readonly mainQueueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly deadLetterQueueArn: string;
  readonly maxReceiveCount: number;
}

/** Creates what is missing and converges what exists; safe to run any number of times. */
export async function provision(
  clients: AwsClients,
  definition: ResourceDefinition,
  now: () => number = Date.now,
): Promise<ProvisionedResources> {
  await ensureTable(clients, definition);
  const queues = await ensureQueues(clients, definition);
  for (const fixture of definition.fixtures) {
    await putCapacityFixture(clients, definition.table.name, fixture, now(), { overwrite: false });
  }
  return { tableName: definition.table.name, ...queues, maxReceiveCount: definition.maxReceiveCount };
}

/** Creates the table with its indexes and TTL if missing. */
export async function ensureTable(clients: AwsClients, definition: ResourceDefinition): Promise<void> {
  const { name, indexes, ttlAttribute } = definition.table;
  const exists = await clients.dynamodb.send(new DescribeTableCommand({ TableName: name })).then(
    () => true,
    (err: unknown) => {
      if (err instanceof ResourceNotFoundException) return false;
      throw err;
    },
  );
  if (!exists) {
    const attributeNames = ['PK', 'SK', ...indexes.flatMap((index) => [index.pk, index.sk])];
    await clients.dynamodb.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeNames.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: indexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.pk, KeyType: 'HASH' },
            { AttributeName: index.sk, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    );
    await waitUntilTableExists({ client: clients.dynamodb, maxWaitTime: 60 }, { TableName: name });
  }
  const ttl = await clients.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: name }));
  if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
    await clients.dynamodb.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true },
      }),
    );
  }
}

async function ensureQueues(clients: AwsClients, definition: ResourceDefinition) {
  const dlq = await clients.sqs.send(
    new CreateQueueCommand({
      QueueName: definition.deadLetterQueue.name,
      Attributes: definition.deadLetterQueue.attributes,
    }),
  );
  const deadLetterQueueUrl = required(dlq.QueueUrl, 'DLQ url');
  const dlqAttributes = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const deadLetterQueueArn = required(dlqAttributes.Attributes?.QueueArn, 'DLQ arn');
  const main = await clients.sqs.send(new CreateQueueCommand({ QueueName: definition.mainQueue.name }));
  const mainQueueUrl = required(main.QueueUrl, 'main queue url');
  // Set (not create) the attributes so that a changed visibility or maxReceiveCount converges.
  await clients.sqs.send(
    new SetQueueAttributesCommand({
      QueueUrl: mainQueueUrl,
      Attributes: {
        ...definition.mainQueue.attributes,
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: deadLetterQueueArn,
          maxReceiveCount: definition.maxReceiveCount,
        }),
      },
    }),
  );
  return { mainQueueUrl, deadLetterQueueUrl, deadLetterQueueArn };
}

/**
 * Writes the capacity item of an event. With overwrite=false an existing item (and the seats it
 * has already handed out) is left alone; a run that wants a fresh event passes overwrite=true.
 */
export async function putCapacityFixture(
  clients: AwsClients,
  tableName: string,
  fixture: CapacityFixture,
  now: number,
  { overwrite }: { overwrite: boolean },
): Promise<void> {
  await clients.documents
    .send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...capacityKey(fixture.eventId),
          entityType: 'CAPACITY',
          eventId: fixture.eventId,
          eventType: fixture.eventType ?? EventType.FIRST_COME,
          capacityTotal: fixture.capacity,
          capacityRemaining: fixture.capacity,
          ...(fixture.endsAt === undefined ? {} : { endsAt: fixture.endsAt }),
          updatedAt: now,
        },
        ...(overwrite ? {} : { ConditionExpression: 'attribute_not_exists(PK)' }),
      }),
    )
    .catch((err: unknown) => {
      if (!overwrite && err instanceof Error && err.name === 'ConditionalCheckFailedException') return;
      throw err;
    });
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`provision: the service returned no ${what}`);
  return value;
}
