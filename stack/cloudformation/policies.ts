// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is CloudFormation Fn::Sub syntax, not a JS template.
/**
 * The IAM policy documents of the template, least privilege: each principal gets the actions
 * its code calls on the resources it touches, nothing with a wildcard resource except
 * PutMetricData (which has no resource ARNs; it is held to the worker's namespace instead).
 */
import type { CfnResource, CfnValue } from './template';
import { getAtt, sub } from './template';

export const LOGICAL_IDS = {
  table: 'AsyncEventTable',
  mainQueue: 'MainQueue',
  deadLetterQueue: 'DeadLetterQueue',
  bucket: 'AnalyticsBucket',
  deliveryRole: 'DeliveryStreamRole',
  deliveryStream: 'DeliveryStream',
  ruleRole: 'RuleTargetRole',
  rule: 'WorkerToFirehoseRule',
  glueDatabase: 'AnalyticsDatabase',
  glueTable: 'ParticipationLogsTable',
  workGroup: 'AnalyticsWorkGroup',
  ingestPolicy: 'IngestServicePolicy',
  workerPolicy: 'WorkerServicePolicy',
} as const;

const statement = (actions: readonly string[], resources: readonly CfnValue[], condition?: CfnValue) => ({
  Effect: 'Allow',
  Action: [...actions],
  Resource: [...resources],
  ...(condition ? { Condition: condition } : {}),
});

export const policyDocument = (...statements: readonly CfnValue[]) => ({
  Version: '2012-10-17',
  Statement: [...statements],
});

/** Trust policy for an AWS service, held to this account (confused-deputy guard). */
export function assumedBy(service: string): CfnValue {
  return policyDocument({
    Effect: 'Allow',
    Principal: { Service: service },
    Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'aws:SourceAccount': sub('${AWS::AccountId}') } },
  });
}

/** A role an AWS service assumes (held to this account), with one inline policy. */
function serviceRole(service: string, policyName: string, document: CfnValue): CfnResource {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: assumedBy(service),
      Policies: [{ PolicyName: policyName, PolicyDocument: document }],
    },
  };
}

/** The roles AWS services assume: Firehose writes the bucket, the rule puts into the stream. */
export function serviceRoles(): { readonly delivery: CfnResource; readonly ruleTarget: CfnResource } {
  return {
    delivery: serviceRole('firehose.amazonaws.com', 'write-events-prefix', deliveryStreamPolicy()),
    ruleTarget: serviceRole('events.amazonaws.com', 'put-into-delivery-stream', ruleTargetPolicy()),
  };
}

/** A managed policy the operator attaches to the role a service's hosts run as. */
export function managedPolicy(description: string, document: CfnValue): CfnResource {
  return {
    Type: 'AWS::IAM::ManagedPolicy',
    Properties: { Description: description, PolicyDocument: document },
  };
}

/** Firehose writes the bucket, and nothing else. */
export function deliveryStreamPolicy(): CfnValue {
  const bucketArn = getAtt(LOGICAL_IDS.bucket, 'Arn');
  return policyDocument(
    statement(['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'], [bucketArn]),
    statement(
      ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
      [sub(`\${${LOGICAL_IDS.bucket}.Arn}/events/*`)],
    ),
  );
}

/** EventBridge may put records into the one stream. */
export function ruleTargetPolicy(): CfnValue {
  return policyDocument(
    statement(['firehose:PutRecord', 'firehose:PutRecordBatch'], [getAtt(LOGICAL_IDS.deliveryStream, 'Arn')]),
  );
}

/** The table and its indexes by name, so the policies hold when the table lives elsewhere. */
function tableArns(tableName: string): CfnValue[] {
  const table = `arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/${tableName}`;
  return [sub(table), sub(`${table}/index/*`)];
}

/** Ingest: the lock + request transaction, reads, the sweep's scan, and SendMessage. */
export function ingestPolicy(tableName: string): CfnValue {
  return policyDocument(
    statement(
      [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:Query',
        'dynamodb:Scan',
      ],
      tableArns(tableName),
    ),
    statement(['sqs:SendMessage', 'sqs:GetQueueAttributes'], [getAtt(LOGICAL_IDS.mainQueue, 'Arn')]),
  );
}

/** Worker: transitions and seats, both queues (DLQ handler, redrive), PutEvents, its metrics. */
export function workerPolicy(tableName: string, metricNamespace: string): CfnValue {
  return policyDocument(
    statement(
      [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:Query',
      ],
      tableArns(tableName),
    ),
    statement(
      [
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:GetQueueAttributes',
        'sqs:SendMessage',
      ],
      [getAtt(LOGICAL_IDS.mainQueue, 'Arn'), getAtt(LOGICAL_IDS.deadLetterQueue, 'Arn')],
    ),
    statement(
      ['events:PutEvents'],
      [sub('arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default')],
    ),
    statement(['cloudwatch:PutMetricData'], ['*'], {
      StringEquals: { 'cloudwatch:namespace': metricNamespace },
    }),
  );
}
