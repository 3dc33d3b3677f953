// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is CloudFormation Fn::Sub syntax, not a JS template.
/**
 * Renders the one resource definition (stack/resources.ts) as a CloudFormation template. Pure:
 * the same definition and options give the same template; nothing here calls AWS.
 *
 * Parts: `table` (DynamoDB) and `athena` (Glue database + table, Athena workgroup) can be left
 * out: LocalStack's DynamoDB needs Amazon's jar (a table makes its stack roll back) and its
 * free core answers 501 for Glue and Athena, so the LocalStack variant deploys without them.
 */
import { firehoseS3Destination } from '../firehose-destination';
import type { ResourceDefinition } from '../resources';
import type { GlueTableDefinition } from './glue-table';
import { ingestPolicy, LOGICAL_IDS, managedPolicy, serviceRoles, workerPolicy } from './policies';
import {
  type CfnOutput,
  type CfnResource,
  type CfnTemplate,
  type CfnValue,
  getAtt,
  ref,
  sub,
} from './template';

export interface TemplateOptions {
  readonly parts?: { readonly table?: boolean; readonly athena?: boolean };
  /**
   * S3 bucket names are global: on AWS the bucket gets `-<account>-<region>` appended so two
   * accounts deploying the same definition do not collide. Emulators keep the plain name.
   */
  readonly bucketNameSuffix?: 'account-region' | 'none';
  /** The analytics table, read from analytics/sql/create-table.sql; required with the athena part. */
  readonly glueTable?: GlueTableDefinition;
  /** The worker's CloudWatch namespace (its METRIC_NAMESPACE), for the PutMetricData condition. */
  readonly metricNamespace?: string;
  /** Athena stops a query past this many bytes: the cost guard of a run (default 1 GiB). */
  readonly bytesScannedCutoffPerQuery?: number;
}

export const ATHENA_RESULTS_PREFIX = 'athena-results/';
export const OUTPUT_NAMES = {
  tableName: 'TableName',
  mainQueueUrl: 'MainQueueUrl',
  deadLetterQueueUrl: 'DeadLetterQueueUrl',
  deadLetterQueueArn: 'DeadLetterQueueArn',
  bucketName: 'BucketName',
  deliveryStreamName: 'DeliveryStreamName',
  ruleName: 'RuleName',
  glueDatabase: 'GlueDatabase',
  athenaWorkGroup: 'AthenaWorkGroup',
  athenaOutputLocation: 'AthenaOutputLocation',
  ingestPolicyArn: 'IngestPolicyArn',
  workerPolicyArn: 'WorkerPolicyArn',
} as const;

export class TemplateOptionsError extends Error {
  readonly code = 'TEMPLATE_OPTIONS';
  override readonly name = 'TemplateOptionsError';
}

export function renderTemplate(definition: ResourceDefinition, options: TemplateOptions = {}): CfnTemplate {
  const parts = { table: options.parts?.table ?? true, athena: options.parts?.athena ?? true };
  if (parts.athena && !options.glueTable) {
    throw new TemplateOptionsError('the athena part needs glueTable (parseCreateTable of create-table.sql)');
  }
  const cutoff = options.bytesScannedCutoffPerQuery ?? 1024 ** 3;
  if (!Number.isInteger(cutoff) || cutoff < 10_000_000) {
    throw new TemplateOptionsError(
      `bytesScannedCutoffPerQuery must be an integer >= 10000000, got ${cutoff}`,
    );
  }
  const { analytics } = definition;
  const bucketName =
    (options.bucketNameSuffix ?? 'none') === 'account-region'
      ? sub(`${analytics.bucket.name}-\${AWS::AccountId}-\${AWS::Region}`)
      : analytics.bucket.name;
  const id = LOGICAL_IDS;
  const resources: Record<string, CfnResource> = {};
  const outputs: Record<string, CfnOutput> = {};

  if (parts.table) {
    resources[id.table] = {
      Type: 'AWS::DynamoDB::Table',
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
      Properties: {
        TableName: definition.table.name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          'PK',
          'SK',
          ...definition.table.indexes.flatMap((index) => [index.pk, index.sk]),
        ].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: definition.table.indexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.pk, KeyType: 'HASH' },
            { AttributeName: index.sk, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
        TimeToLiveSpecification: { AttributeName: definition.table.ttlAttribute, Enabled: true },
        SSESpecification: { SSEEnabled: true },
      },
    };
    outputs[OUTPUT_NAMES.tableName] = { Description: 'The single table', Value: ref(id.table) };
  }

  resources[id.deadLetterQueue] = queueResource(definition.deadLetterQueue);
  resources[id.mainQueue] = queueResource(definition.mainQueue, {
    RedrivePolicy: {
      deadLetterTargetArn: getAtt(id.deadLetterQueue, 'Arn'),
      maxReceiveCount: definition.maxReceiveCount,
    },
  });
  outputs[OUTPUT_NAMES.mainQueueUrl] = { Description: 'Ingest sends here', Value: ref(id.mainQueue) };
  outputs[OUTPUT_NAMES.deadLetterQueueUrl] = { Description: 'The DLQ', Value: ref(id.deadLetterQueue) };
  outputs[OUTPUT_NAMES.deadLetterQueueArn] = {
    Description: 'The DLQ (ARN)',
    Value: getAtt(id.deadLetterQueue, 'Arn'),
  };

  resources[id.bucket] = {
    Type: 'AWS::S3::Bucket',
    DeletionPolicy: 'Delete',
    UpdateReplacePolicy: 'Delete',
    Properties: {
      BucketName: bucketName,
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    },
  };
  outputs[OUTPUT_NAMES.bucketName] = { Description: 'Firehose writes events/ here', Value: ref(id.bucket) };

  const stream = analytics.deliveryStream;
  const roles = serviceRoles();
  resources[id.deliveryRole] = roles.delivery;
  resources[id.deliveryStream] = {
    Type: 'AWS::KinesisFirehose::DeliveryStream',
    Properties: {
      DeliveryStreamName: stream.name,
      DeliveryStreamType: 'DirectPut',
      ExtendedS3DestinationConfiguration: firehoseS3Destination(stream, {
        bucket: getAtt(id.bucket, 'Arn'),
        role: getAtt(id.deliveryRole, 'Arn'),
      }),
    },
  };
  outputs[OUTPUT_NAMES.deliveryStreamName] = {
    Description: 'The Firehose stream',
    Value: ref(id.deliveryStream),
  };

  resources[id.ruleRole] = roles.ruleTarget;
  resources[id.rule] = {
    Type: 'AWS::Events::Rule',
    Properties: {
      Name: analytics.rule.name,
      // The default bus is left implicit: with EventBusName set, Ref answers "<bus>|<rule>".
      ...(analytics.eventBusName === 'default' ? {} : { EventBusName: analytics.eventBusName }),
      EventPattern: analytics.rule.pattern,
      State: 'ENABLED',
      Targets: [
        {
          Id: 'delivery-stream',
          Arn: getAtt(id.deliveryStream, 'Arn'),
          RoleArn: getAtt(id.ruleRole, 'Arn'),
          InputPath: stream.inputPath,
        },
      ],
    },
  };
  outputs[OUTPUT_NAMES.ruleName] = { Description: 'EventBridge rule to Firehose', Value: ref(id.rule) };

  if (parts.athena && options.glueTable) {
    Object.assign(resources, athenaResources(definition, options.glueTable, cutoff));
    outputs[OUTPUT_NAMES.glueDatabase] = { Description: 'Glue database', Value: ref(id.glueDatabase) };
    outputs[OUTPUT_NAMES.athenaWorkGroup] = { Description: 'Athena workgroup', Value: ref(id.workGroup) };
    outputs[OUTPUT_NAMES.athenaOutputLocation] = {
      Description: 'Athena result files',
      Value: sub(`s3://\${${id.bucket}}/${ATHENA_RESULTS_PREFIX}`),
    };
  }

  resources[id.ingestPolicy] = managedPolicy(
    'Attach to the role the ingest hosts run as',
    ingestPolicy(definition.table.name),
  );
  resources[id.workerPolicy] = managedPolicy(
    'Attach to the role the worker hosts run as',
    workerPolicy(definition.table.name, options.metricNamespace ?? 'ParticipationPipeline'),
  );
  outputs[OUTPUT_NAMES.ingestPolicyArn] = {
    Description: 'Managed policy for ingest',
    Value: ref(id.ingestPolicy),
  };
  outputs[OUTPUT_NAMES.workerPolicyArn] = {
    Description: 'Managed policy for the worker',
    Value: ref(id.workerPolicy),
  };

  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `participation pipeline resources (${definition.table.name}, ${definition.mainQueue.name}), rendered from stack/resources.ts`,
    Resources: resources,
    Outputs: outputs,
  };
}

function athenaResources(
  definition: ResourceDefinition,
  glueTable: GlueTableDefinition,
  bytesScannedCutoffPerQuery: number,
): Record<string, CfnResource> {
  const id = LOGICAL_IDS;
  const { athena } = definition.analytics;
  if (glueTable.name !== athena.table) {
    throw new TemplateOptionsError(
      `create-table.sql defines ${glueTable.name}, the definition ${athena.table}`,
    );
  }
  const location = glueTable.location.replace('${bucket}', `\${${id.bucket}}`);
  return {
    [id.glueDatabase]: {
      Type: 'AWS::Glue::Database',
      Properties: { CatalogId: ref('AWS::AccountId'), DatabaseInput: { Name: athena.database } },
    },
    [id.glueTable]: {
      Type: 'AWS::Glue::Table',
      Properties: {
        CatalogId: ref('AWS::AccountId'),
        DatabaseName: ref(id.glueDatabase),
        TableInput: {
          Name: glueTable.name,
          TableType: 'EXTERNAL_TABLE',
          Parameters: { ...glueTable.tableProperties, EXTERNAL: 'TRUE', classification: 'json' },
          PartitionKeys: glueTable.partitionKeys.map((key) => ({ ...key })),
          StorageDescriptor: {
            Columns: glueTable.columns.map((column) => ({ ...column })),
            Location: sub(location),
            InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
            OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
            SerdeInfo: {
              SerializationLibrary: glueTable.serde,
              Parameters: { ...glueTable.serdeParameters },
            },
          },
        },
      },
    },
    [id.workGroup]: {
      Type: 'AWS::Athena::WorkGroup',
      Properties: {
        Name: `${athena.database}-workgroup`,
        Description: 'The G1 queries (analytics/sql)',
        // Lets `make destroy` delete the workgroup together with its saved query history.
        RecursiveDeleteOption: true,
        WorkGroupConfiguration: {
          EnforceWorkGroupConfiguration: true,
          PublishCloudWatchMetricsEnabled: true,
          BytesScannedCutoffPerQuery: bytesScannedCutoffPerQuery,
          ResultConfiguration: {
            OutputLocation: sub(`s3://\${${id.bucket}}/${ATHENA_RESULTS_PREFIX}`),
            EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          },
        },
      },
    },
  };
}

/** SQS attributes from the definition (strings) as the typed properties CloudFormation wants. */
/** An encrypted standard queue with the definition's attributes (and `extra` properties). */
function queueResource(
  queue: ResourceDefinition['mainQueue'],
  extra: Readonly<Record<string, CfnValue>> = {},
): CfnResource {
  return {
    Type: 'AWS::SQS::Queue',
    Properties: {
      QueueName: queue.name,
      ...queueAttributes(queue.attributes),
      SqsManagedSseEnabled: true,
      ...extra,
    },
  };
}

function queueAttributes(attributes: Readonly<Record<string, string>>): Record<string, number> {
  const properties: Record<string, number> = {};
  for (const [name, value] of Object.entries(attributes)) {
    const number = Number(value);
    if (!Number.isInteger(number))
      throw new TemplateOptionsError(`queue attribute ${name}=${value} is not an integer`);
    properties[name] = number;
  }
  return properties;
}
