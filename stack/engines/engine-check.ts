/**
 * The DynamoDB behaviour this project relies on, as checks any engine must pass before a run on
 * it can be trusted (the way bullmq runs one suite against every adapter). Each check talks to
 * the engine through the AWS SDK only, on a table of its own, and throws EngineCheckFailure
 * with what it saw. The SDK makes one attempt per call: a retried 500 would hide the engine
 * answering 500 under concurrency, which disqualifies it.
 */

import { Agent } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface EngineEndpoint {
  readonly url: string | undefined;
  readonly region: string;
  /** Absent: the default credential chain (a real table). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export interface EngineContext {
  readonly dynamodb: DynamoDBClient;
  readonly documents: DynamoDBDocumentClient;
  /** A prefix unique to this suite run, so checks never meet each other's tables. */
  readonly prefix: string;
}

export interface EngineCheck {
  readonly name: string;
  /** What the project needs from the engine, in one sentence. */
  readonly requirement: string;
  run(context: EngineContext): Promise<void>;
}

export class EngineCheckFailure extends Error {
  readonly code = 'ENGINE_CHECK_FAILED';
  constructor(
    message: string,
    readonly evidence?: unknown,
  ) {
    super(message);
    this.name = 'EngineCheckFailure';
  }
}

export function expectEngine(condition: boolean, message: string, evidence?: unknown): asserts condition {
  if (!condition) throw new EngineCheckFailure(message, evidence);
}

export function connectEngine(endpoint: EngineEndpoint, prefix: string): EngineContext & { destroy(): void } {
  const dynamodb = new DynamoDBClient({
    region: endpoint.region,
    ...(endpoint.url ? { endpoint: endpoint.url } : {}),
    ...(endpoint.credentials ? { credentials: endpoint.credentials } : {}),
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({
      httpAgent: new Agent({ keepAlive: true, maxSockets: 128 }),
      requestTimeout: 30_000,
      connectionTimeout: 5_000,
    }),
  });
  const documents = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { dynamodb, documents, prefix, destroy: () => dynamodb.destroy() };
}

/** The error's name as the SDK classifies it (by name, since errors cross process boundaries). */
export function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
