import { Agent } from 'node:http';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsTarget } from './aws-target';

export interface AwsClients {
  readonly dynamodb: DynamoDBClient;
  readonly documents: DynamoDBDocumentClient;
  readonly sqs: SQSClient;
  readonly eventbridge: EventBridgeClient;
  readonly cloudwatch: CloudWatchClient;
  readonly s3: S3Client;
  destroy(): void;
}

export interface ClientOptions {
  /** Attempts the SDK makes itself before an error reaches our classification. */
  readonly maxAttempts?: number;
  /** Socket pool per client; the default 50 starves a 300-VU spike on one process. */
  readonly maxSockets?: number;
  readonly requestTimeoutMs?: number;
}

export function createAwsClients(target: AwsTarget, options: ClientOptions = {}): AwsClients {
  const common = (endpoint: string | undefined, minRequestTimeoutMs = 0) => ({
    region: target.region,
    ...(target.credentials ? { credentials: target.credentials } : {}),
    ...(endpoint ? { endpoint } : {}),
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: new NodeHttpHandler({
      httpAgent: new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 }),
      requestTimeout: Math.max(options.requestTimeoutMs ?? 10_000, minRequestTimeoutMs),
      // Generous: on a loaded 2-core box a busy emulator can take seconds to accept a socket.
      connectionTimeout: 5_000,
    }),
  });
  const dynamodb = new DynamoDBClient(common(target.endpoints.dynamodb));
  const documents = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  // Long polls wait up to 20 s for messages: the timeout must outlast them.
  const sqs = new SQSClient(common(target.endpoints.sqs, 25_000));
  const eventbridge = new EventBridgeClient(common(target.endpoints.eventbridge));
  const cloudwatch = new CloudWatchClient(common(target.endpoints.cloudwatch));
  // Emulators serve buckets by path (virtual-hosted names would need DNS for bucket.localhost).
  const s3 = new S3Client({
    ...common(target.endpoints.s3),
    forcePathStyle: target.endpoints.s3 !== undefined,
  });
  return {
    dynamodb,
    documents,
    sqs,
    eventbridge,
    cloudwatch,
    s3,
    destroy() {
      for (const client of [documents, dynamodb, sqs, eventbridge, cloudwatch, s3]) client.destroy();
    },
  };
}
