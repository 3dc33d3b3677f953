/**
 * Helpers for integration tests: an isolated set of resources on the shared embedded stack, and
 * in-process ingest and worker wired exactly as their main.ts files wire them.
 */
import { type Logger, pino } from 'pino';
import { inject } from 'vitest';
import { readQueueDepth } from '../scenarios/runner/queue-sampler';
import { type AwsClients, createAwsClients } from '../services/aws/clients';
import { DynamoRequestStore } from '../services/aws/request-store';
import { IngestConfigSchema } from '../services/ingest/config';
import { type StartedIngest, startIngest } from '../services/ingest/server';
import { WorkerConfigSchema } from '../services/worker/config';
import { type StartedWorker, startWorker, type WorkerOverrides } from '../services/worker/worker';
import { type ProvisionedResources, provision } from '../stack/provision';
import { type CapacityFixture, defineResources } from '../stack/resources';

export const silentLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export interface TestEnvironment {
  readonly clients: AwsClients;
  readonly resources: ProvisionedResources;
  readonly store: DynamoRequestStore;
  readonly visibilityTimeoutSeconds: number;
  close(): void;
}

let counter = 0;

export async function provisionTestEnvironment(options: {
  fixtures: CapacityFixture[];
  visibilityTimeoutSeconds?: number;
  maxReceiveCount?: number;
}): Promise<TestEnvironment> {
  const clients = createAwsClients(inject('awsTarget'), { maxAttempts: 1 });
  const namePrefix = `t${process.pid}-${++counter}-${Date.now().toString(36)}-`;
  const visibilityTimeoutSeconds = options.visibilityTimeoutSeconds ?? 5;
  const resources = await provision(
    clients,
    defineResources({
      namePrefix,
      fixtures: options.fixtures,
      visibilityTimeoutSeconds,
      ...(options.maxReceiveCount ? { maxReceiveCount: options.maxReceiveCount } : {}),
    }),
  );
  return {
    clients,
    resources,
    store: new DynamoRequestStore(clients, resources.tableName),
    visibilityTimeoutSeconds,
    close: () => clients.destroy(),
  };
}

export const TEST_SECRETS = {
  TOKEN_SECRET: 'test-token-secret-0123456789',
  ADMIN_SECRET: 'test-admin-secret',
};

export function ingestFor(
  env: TestEnvironment,
  overrides: Record<string, string> = {},
): Promise<StartedIngest> {
  const config = IngestConfigSchema.parse({
    PORT: '0',
    TABLE_NAME: env.resources.tableName,
    QUEUE_URL: env.resources.mainQueueUrl,
    SWEEP_INTERVAL_MS: '0',
    ...TEST_SECRETS,
    ...overrides,
  });
  return startIngest(config, env.clients, silentLogger);
}

export function workerFor(
  env: TestEnvironment,
  config: Record<string, string> = {},
  overrides: WorkerOverrides = {},
  logger: Logger = silentLogger,
): StartedWorker {
  return startWorker(workerConfigFor(env, config), env.clients, logger, overrides);
}

/** The worker's config on the test environment's resources, with a short lease; `config` wins. */
export function workerConfigFor(env: TestEnvironment, config: Record<string, string> = {}) {
  return WorkerConfigSchema.parse({
    TABLE_NAME: env.resources.tableName,
    QUEUE_URL: env.resources.mainQueueUrl,
    DLQ_URL: env.resources.deadLetterQueueUrl,
    VISIBILITY_TIMEOUT_SECONDS: String(env.visibilityTimeoutSeconds),
    LEASE_MS: String(env.visibilityTimeoutSeconds * 1000),
    WAIT_SECONDS: '1',
    CONCURRENCY: '8',
    ...config,
  });
}

export async function login(baseUrl: string, userId: string, adminSecret?: string): Promise<string> {
  const response = await fetch(`${baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(adminSecret ? { userId, adminSecret } : { userId }),
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

export async function participateAs(baseUrl: string, token: string, eventId: string) {
  const response = await fetch(`${baseUrl}/events/${encodeURIComponent(eventId)}/participations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

export async function queueDepth(env: TestEnvironment, queueUrl = env.resources.mainQueueUrl) {
  const depth = await readQueueDepth(env.clients, queueUrl);
  return { ...depth, total: depth.visible + depth.notVisible + depth.delayed };
}

/**
 * Records every command a client sends (name and input), through the SDK's own middleware: the
 * proof of which calls a service really makes, not a reading of its code.
 */
export function recordCommands(client: {
  middlewareStack: { add: (middleware: never, options: { step: 'initialize'; name: string }) => void };
}): { commands: { name: string; input: Record<string, unknown> }[] } {
  const recorder = { commands: [] as { name: string; input: Record<string, unknown> }[] };
  const middleware =
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
    async (args: { input: Record<string, unknown> }) => {
      recorder.commands.push({ name: context.commandName ?? 'unknown', input: args.input });
      return next(args);
    };
  client.middlewareStack.add(middleware as never, {
    step: 'initialize',
    name: `recordCommands-${Math.random()}`,
  });
  return recorder;
}

/** A logger that keeps every entry in memory, so a test can read what a component reported. */
export function recordingLogger(): { logger: Logger; entries: Record<string, unknown>[] } {
  const entries: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => void entries.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, entries };
}

/** Polls until `check` returns a value (not undefined) or the time is up; returns the last value. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  { timeoutMs = 30_000, intervalMs = 200, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
