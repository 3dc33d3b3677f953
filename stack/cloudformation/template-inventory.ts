/**
 * One comparable description of the pipeline's resources, drawn two ways: from a rendered
 * template (pure) and from what an environment actually holds (read back through the AWS APIs).
 * Equal inventories prove the template and a provisioning describe the same resources, whether
 * the provisioning was provision.ts on the embedded stack or the template on LocalStack.
 */
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { DescribeRuleCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, GetQueueUrlCommand, type QueueAttributeName } from '@aws-sdk/client-sqs';
import type { AwsClients } from '../../services/aws/clients';
import type { ResourceDefinition } from '../resources';
import { LOGICAL_IDS } from './policies';
import type { CfnResource, CfnTemplate, CfnValue } from './template';

export interface TableInventory {
  readonly name: string;
  readonly keys: readonly string[];
  readonly indexes: readonly {
    readonly name: string;
    readonly keys: readonly string[];
    readonly projection: string;
  }[];
  readonly ttlAttribute: string | null;
}

export interface QueueInventory {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly redrive: { readonly deadLetterQueue: string; readonly maxReceiveCount: number } | null;
}

export interface ResourceInventory {
  readonly table?: TableInventory;
  readonly queues: readonly QueueInventory[];
  readonly bucket: { readonly name: string; readonly publicAccessBlocked: boolean };
  readonly rule: { readonly name: string; readonly pattern: unknown; readonly inputPath: string | null };
}

/** The queue attributes the definition sets: the ones compared (SQS adds many of its own). */
export const COMPARED_QUEUE_ATTRIBUTES = [
  'VisibilityTimeout',
  'ReceiveMessageWaitTimeSeconds',
  'MessageRetentionPeriod',
] as const satisfies readonly QueueAttributeName[];

export function inventoryFromTemplate(template: CfnTemplate): ResourceInventory {
  const resource = (logicalId: string): CfnResource | undefined => template.Resources[logicalId];
  const props = (logicalId: string) => {
    const found = resource(logicalId);
    if (!found) throw new Error(`the template has no ${logicalId}`);
    return found.Properties as Record<string, unknown>;
  };
  const table = resource(LOGICAL_IDS.table);
  const queueName = (logicalId: string) => props(logicalId).QueueName as string;
  const queue = (logicalId: string): QueueInventory => {
    const p = props(logicalId);
    const redrive = p.RedrivePolicy as
      | { deadLetterTargetArn: { 'Fn::GetAtt': [string, string] }; maxReceiveCount: number }
      | undefined;
    return {
      name: p.QueueName as string,
      attributes: Object.fromEntries(
        COMPARED_QUEUE_ATTRIBUTES.flatMap((name) => (p[name] === undefined ? [] : [[name, String(p[name])]])),
      ),
      redrive: redrive
        ? {
            deadLetterQueue: queueName(redrive.deadLetterTargetArn['Fn::GetAtt'][0]),
            maxReceiveCount: redrive.maxReceiveCount,
          }
        : null,
    };
  };
  const bucket = props(LOGICAL_IDS.bucket);
  const block = bucket.PublicAccessBlockConfiguration as Record<string, boolean> | undefined;
  const rule = props(LOGICAL_IDS.rule);
  const [target] = rule.Targets as { InputPath?: string }[];
  return {
    ...(table ? { table: tableFromProperties(table.Properties) } : {}),
    queues: sortByName([queue(LOGICAL_IDS.mainQueue), queue(LOGICAL_IDS.deadLetterQueue)]),
    bucket: { name: plainName(bucket.BucketName as CfnValue), publicAccessBlocked: allTrue(block) },
    rule: { name: rule.Name as string, pattern: rule.EventPattern, inputPath: target?.InputPath ?? null },
  };
}

function tableFromProperties(properties: Record<string, unknown>): TableInventory {
  type KeyElement = { AttributeName: string; KeyType: string };
  const keys = (schema: KeyElement[]) => schema.map((key) => `${key.AttributeName}:${key.KeyType}`);
  const indexes = properties.GlobalSecondaryIndexes as {
    IndexName: string;
    KeySchema: KeyElement[];
    Projection: { ProjectionType: string };
  }[];
  const ttl = properties.TimeToLiveSpecification as { AttributeName: string; Enabled: boolean } | undefined;
  return {
    name: properties.TableName as string,
    keys: keys(properties.KeySchema as KeyElement[]),
    indexes: sortByName(
      indexes.map((index) => ({
        name: index.IndexName,
        keys: keys(index.KeySchema),
        projection: index.Projection.ProjectionType,
      })),
    ),
    ttlAttribute: ttl?.Enabled ? ttl.AttributeName : null,
  };
}

/** Reads the resources of a definition back from an environment. */
export async function readInventory(
  clients: AwsClients,
  definition: ResourceDefinition,
  { table = true, bucketName = definition.analytics.bucket.name } = {},
): Promise<ResourceInventory> {
  // Only the attributes the definition sets: SQS reports its defaults for the others.
  const readQueue = async (name: string, set: Readonly<Record<string, string>>): Promise<QueueInventory> => {
    const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    const { Attributes = {} }: { Attributes?: Partial<Record<string, string>> } = await clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: [...COMPARED_QUEUE_ATTRIBUTES, 'RedrivePolicy'],
      }),
    );
    const redrive = Attributes.RedrivePolicy
      ? (JSON.parse(Attributes.RedrivePolicy) as {
          deadLetterTargetArn: string;
          maxReceiveCount: number | string;
        })
      : undefined;
    return {
      name,
      attributes: Object.fromEntries(
        COMPARED_QUEUE_ATTRIBUTES.flatMap((key) =>
          key in set && Attributes[key] !== undefined ? [[key, Attributes[key]]] : [],
        ),
      ),
      redrive: redrive
        ? {
            deadLetterQueue: redrive.deadLetterTargetArn.split(':').at(-1) ?? '',
            maxReceiveCount: Number(redrive.maxReceiveCount),
          }
        : null,
    };
  };
  const blocked = await clients.s3.send(new GetPublicAccessBlockCommand({ Bucket: bucketName })).then(
    (answer) => allTrue(answer.PublicAccessBlockConfiguration as Record<string, boolean> | undefined),
    () => false,
  );
  const rule = await clients.eventbridge.send(
    new DescribeRuleCommand({ Name: definition.analytics.rule.name }),
  );
  const { Targets = [] } = await clients.eventbridge.send(
    new ListTargetsByRuleCommand({ Rule: definition.analytics.rule.name }),
  );
  return {
    ...(table ? { table: await readTable(clients, definition.table.name) } : {}),
    queues: sortByName(
      await Promise.all([
        readQueue(definition.mainQueue.name, definition.mainQueue.attributes),
        readQueue(definition.deadLetterQueue.name, definition.deadLetterQueue.attributes),
      ]),
    ),
    bucket: { name: bucketName, publicAccessBlocked: blocked },
    rule: {
      name: rule.Name ?? '',
      pattern: rule.EventPattern ? JSON.parse(rule.EventPattern) : null,
      inputPath: Targets[0]?.InputPath ?? null,
    },
  };
}

async function readTable(clients: AwsClients, name: string): Promise<TableInventory> {
  const { Table } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: name }));
  const { TimeToLiveDescription } = await clients.dynamodb.send(
    new DescribeTimeToLiveCommand({ TableName: name }),
  );
  const keys = (schema: { AttributeName?: string; KeyType?: string }[] = []) =>
    schema.map((key) => `${key.AttributeName}:${key.KeyType}`);
  return {
    name,
    keys: keys(Table?.KeySchema),
    indexes: sortByName(
      (Table?.GlobalSecondaryIndexes ?? []).map((index) => ({
        name: index.IndexName ?? '',
        keys: keys(index.KeySchema),
        projection: index.Projection?.ProjectionType ?? '',
      })),
    ),
    ttlAttribute:
      TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED'
        ? (TimeToLiveDescription.AttributeName ?? null)
        : null,
  };
}

function allTrue(block: Record<string, boolean> | undefined): boolean {
  return ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'].every(
    (key) => block?.[key] === true,
  );
}

function plainName(value: CfnValue): string {
  if (typeof value === 'string') return value;
  throw new Error(
    'the bucket name is computed by CloudFormation (bucketNameSuffix account-region): compare the stack output',
  );
}

function sortByName<T extends { readonly name: string }>(items: T[]): T[] {
  return items.sort((a, b) => a.name.localeCompare(b.name));
}
