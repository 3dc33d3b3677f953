/**
 * A deployed stack as the harness needs it: the AwsTarget (a real account: no endpoints, no
 * keys, the default credential chain) and the names of the resources, read from the stack's
 * outputs. Pure, so the system-under-test seam can build the same record from a file.
 */
import type { AwsTarget } from '../../services/aws/aws-target';
import { OUTPUT_NAMES } from '../cloudformation/render-template';

export interface AwsDeployment {
  readonly stackName: string;
  readonly target: AwsTarget;
  readonly resources: {
    readonly tableName: string;
    readonly mainQueueUrl: string;
    readonly deadLetterQueueUrl: string;
    readonly deadLetterQueueArn: string;
    readonly bucket: string;
    readonly deliveryStreamName: string;
    readonly ruleName: string;
  };
  readonly athena?: {
    readonly database: string;
    readonly workGroup: string;
    readonly outputLocation: string;
  };
  /** Attach to the roles the ingest and worker hosts run as. */
  readonly policies: { readonly ingest: string; readonly worker: string };
}

export class StackOutputsError extends Error {
  readonly code = 'STACK_OUTPUTS';
  constructor(stackName: string, missing: readonly string[]) {
    super(`stack ${stackName} has no output ${missing.join(', ')}: was it deployed from this template?`);
    this.name = 'StackOutputsError';
  }
}

export function deploymentFromOutputs(
  stackName: string,
  region: string,
  outputs: Readonly<Record<string, string>>,
  /** For a template without the table (LocalStack's variant: the table lives in ministack). */
  tableOutsideStack?: string,
): AwsDeployment {
  const required = [
    ...(tableOutsideStack === undefined ? [OUTPUT_NAMES.tableName] : []),
    OUTPUT_NAMES.mainQueueUrl,
    OUTPUT_NAMES.deadLetterQueueUrl,
    OUTPUT_NAMES.deadLetterQueueArn,
    OUTPUT_NAMES.bucketName,
    OUTPUT_NAMES.deliveryStreamName,
    OUTPUT_NAMES.ruleName,
    OUTPUT_NAMES.ingestPolicyArn,
    OUTPUT_NAMES.workerPolicyArn,
  ];
  const missing = required.filter((name) => outputs[name] === undefined);
  if (missing.length > 0) throw new StackOutputsError(stackName, missing);
  const get = (name: string) => outputs[name] as string;
  const database = outputs[OUTPUT_NAMES.glueDatabase];
  const workGroup = outputs[OUTPUT_NAMES.athenaWorkGroup];
  const outputLocation = outputs[OUTPUT_NAMES.athenaOutputLocation];
  return {
    stackName,
    target: { region, endpoints: {} },
    resources: {
      tableName: outputs[OUTPUT_NAMES.tableName] ?? (tableOutsideStack as string),
      mainQueueUrl: get(OUTPUT_NAMES.mainQueueUrl),
      deadLetterQueueUrl: get(OUTPUT_NAMES.deadLetterQueueUrl),
      deadLetterQueueArn: get(OUTPUT_NAMES.deadLetterQueueArn),
      bucket: get(OUTPUT_NAMES.bucketName),
      deliveryStreamName: get(OUTPUT_NAMES.deliveryStreamName),
      ruleName: get(OUTPUT_NAMES.ruleName),
    },
    ...(database && workGroup && outputLocation ? { athena: { database, workGroup, outputLocation } } : {}),
    policies: { ingest: get(OUTPUT_NAMES.ingestPolicyArn), worker: get(OUTPUT_NAMES.workerPolicyArn) },
  };
}
