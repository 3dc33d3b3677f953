/**
 * The environment every reference service process (and any system started in its place) reads:
 * where the AWS target is, which table and queues, and the shared secrets. Built here once for
 * the pipeline, the conformance fixtures and the benchmarks; each adds only what is its own
 * (timeouts, PORT, log level).
 */
import { randomBytes } from 'node:crypto';
import { type AwsTarget, targetToEnvironment } from '../services/aws/aws-target';
import type { ProvisionedResources } from './provision';

export interface ServiceSecrets {
  /** Signs and checks the access tokens; whoever issues tokens for the services needs it. */
  readonly tokenSecret: string;
  readonly adminSecret: string;
}

/** Secrets for one run: fresh each time, so nothing outlives the run that made them. */
export function freshServiceSecrets(): ServiceSecrets {
  return { tokenSecret: randomBytes(24).toString('hex'), adminSecret: randomBytes(12).toString('hex') };
}

export function serviceEnvironment(
  target: AwsTarget,
  resources: Pick<ProvisionedResources, 'tableName' | 'mainQueueUrl' | 'deadLetterQueueUrl'>,
  secrets: ServiceSecrets,
): Record<string, string> {
  return {
    ...targetToEnvironment(target),
    TABLE_NAME: resources.tableName,
    QUEUE_URL: resources.mainQueueUrl,
    DLQ_URL: resources.deadLetterQueueUrl,
    TOKEN_SECRET: secrets.tokenSecret,
    ADMIN_SECRET: secrets.adminSecret,
  };
}
