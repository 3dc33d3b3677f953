import { describe, expect, it } from 'vitest';
import { OUTPUT_NAMES } from '../cloudformation/render-template';
import { deploymentFromOutputs, StackOutputsError } from './aws-deployment';

const OUTPUTS = {
  [OUTPUT_NAMES.tableName]: 'demo-AsyncEventTable',
  [OUTPUT_NAMES.mainQueueUrl]: 'https://sqs.eu-west-1.amazonaws.com/1/demo-participation-main',
  [OUTPUT_NAMES.deadLetterQueueUrl]: 'https://sqs.eu-west-1.amazonaws.com/1/demo-participation-dlq',
  [OUTPUT_NAMES.deadLetterQueueArn]: 'arn:aws:sqs:eu-west-1:1:demo-participation-dlq',
  [OUTPUT_NAMES.bucketName]: 'demo-participation-analytics-1-eu-west-1',
  [OUTPUT_NAMES.deliveryStreamName]: 'demo-participation-events',
  [OUTPUT_NAMES.ruleName]: 'demo-rule-worker-to-firehose',
  [OUTPUT_NAMES.glueDatabase]: 'participation',
  [OUTPUT_NAMES.athenaWorkGroup]: 'participation-workgroup',
  [OUTPUT_NAMES.athenaOutputLocation]: 's3://demo-participation-analytics-1-eu-west-1/athena-results/',
  [OUTPUT_NAMES.ingestPolicyArn]: 'arn:aws:iam::1:policy/ingest',
  [OUTPUT_NAMES.workerPolicyArn]: 'arn:aws:iam::1:policy/worker',
};

describe('deploymentFromOutputs', () => {
  it('points at the real account through the default credential chain, with the names from the outputs', () => {
    const deployment = deploymentFromOutputs('demo', 'eu-west-1', OUTPUTS);

    expect(deployment.target).toEqual({ region: 'eu-west-1', endpoints: {} });
    expect(deployment.resources.bucket).toBe('demo-participation-analytics-1-eu-west-1');
    expect(deployment.athena).toEqual({
      database: 'participation',
      workGroup: 'participation-workgroup',
      outputLocation: 's3://demo-participation-analytics-1-eu-west-1/athena-results/',
    });
  });

  it('lists every missing output of a stack that was not deployed from this template', () => {
    const { [OUTPUT_NAMES.mainQueueUrl]: _main, [OUTPUT_NAMES.bucketName]: _bucket, ...partial } = OUTPUTS;

    expect(() => deploymentFromOutputs('demo', 'eu-west-1', partial)).toThrow(
      new StackOutputsError('demo', [OUTPUT_NAMES.mainQueueUrl, OUTPUT_NAMES.bucketName]),
    );
  });

  it('takes the table from outside the stack for the variant without one, and has no Athena part then', () => {
    const {
      [OUTPUT_NAMES.tableName]: _table,
      [OUTPUT_NAMES.glueDatabase]: _db,
      [OUTPUT_NAMES.athenaWorkGroup]: _wg,
      [OUTPUT_NAMES.athenaOutputLocation]: _out,
      ...localstack
    } = OUTPUTS;

    const deployment = deploymentFromOutputs('demo', 'us-east-1', localstack, 'demo-AsyncEventTable');

    expect(deployment.resources.tableName).toBe('demo-AsyncEventTable');
    expect(deployment.athena).toBeUndefined();
  });
});
