/**
 * The LocalStack target: SQS, S3, EventBridge, Firehose, CloudWatch and CloudFormation from
 * LocalStack, DynamoDB from ministack (LocalStack's own DynamoDB needs Amazon's jar, which this
 * project never uses). Returns the same AwsTarget shape as the embedded stack, so provision.ts,
 * the services and the runners take it unchanged.
 *
 *   runtime 'auto':   a Docker engine answers? --yes--> pinned image via testcontainers
 *                                               \-no--> host install, with one note saying so
 *   runtime 'host':   always the host install (what CI and `make g0 TARGET=localstack` use)
 *   runtime 'docker': the image, or an error if no engine answers
 */
import { mkdirSync } from 'node:fs';
import { type StartedChild, startChild } from '../embedded/child-process';
import { EMULATOR_CREDENTIALS } from '../embedded/embedded-stack';
import { ministackSpec } from '../embedded/emulators';
import { findFreePort } from '../embedded/free-port';
import type { StartedTarget } from '../started-target';
import { PINNED_VERSIONS } from '../versions';
import { LOCALSTACK_DEVIATIONS } from './known-deviations';
import { configureLocalStackHost } from './localstack-config';
import { startLocalStackContainer } from './localstack-container';
import { type StartedLocalStack, startLocalStackHost } from './localstack-host';

export type LocalStackRuntime = 'auto' | 'host' | 'docker';

export interface LocalStackTargetOptions {
  /** Project root (.venv-localstack, .venv-ministack live here). */
  readonly root: string;
  /** Logs and state of both emulators. */
  readonly runDir: string;
  readonly runtime?: LocalStackRuntime;
  /** PATH, HOME, ... for the children; the caller's main.ts passes process.env. */
  readonly baseEnv?: Readonly<Record<string, string | undefined>>;
  readonly onProgress?: (message: string) => void;
}

export interface StartedLocalStackTarget extends StartedTarget {
  readonly name: 'localstack';
  readonly localstack: StartedLocalStack;
}

export class LocalStackUnavailableError extends Error {
  readonly code = 'LOCALSTACK_UNAVAILABLE';
  override readonly name = 'LocalStackUnavailableError';
}

export async function startLocalStackTarget(
  options: LocalStackTargetOptions,
): Promise<StartedLocalStackTarget> {
  const progress = options.onProgress ?? (() => {});
  const runtime = options.runtime ?? 'auto';
  mkdirSync(options.runDir, { recursive: true });
  // Like the embedded emulators' specs, the children inherit this process's PATH and HOME
  // when the caller passes nothing (AWS_* variables are dropped for LocalStack).
  const baseEnv = options.baseEnv ?? process.env;
  const notes: string[] = [];
  const dynamoPort = await findFreePort();

  const startLocalStack = async (): Promise<StartedLocalStack> => {
    if (runtime !== 'host') {
      const container = await startLocalStackContainer();
      if (container.started) return container.localstack;
      if (runtime === 'docker') throw new LocalStackUnavailableError(container.skipped);
      notes.push(container.skipped);
      progress(container.skipped);
    }
    const configured = configureLocalStackHost({
      root: options.root,
      runDir: options.runDir,
      port: await findFreePort(),
      baseEnv,
    });
    progress(`starting LocalStack on the host :${configured.port}, ministack (DynamoDB) :${dynamoPort}`);
    return startLocalStackHost(configured);
  };
  const ministackEnv = ministackSpec(options.root, dynamoPort, options.runDir);
  // Both at once; if one fails, stop the other before reporting.
  const [localstack, ministack] = await Promise.allSettled([
    startLocalStack(),
    startChild({ ...ministackEnv, env: { ...baseEnv, ...ministackEnv.env } }),
  ]);
  if (localstack.status === 'rejected' || ministack.status === 'rejected') {
    if (localstack.status === 'fulfilled') await localstack.value.stop();
    if (ministack.status === 'fulfilled') await ministack.value.stop();
    const reasons = [localstack, ministack].flatMap((result) =>
      result.status === 'rejected' ? [String(result.reason)] : [],
    );
    throw new LocalStackUnavailableError(`the LocalStack target did not start:\n  ${reasons.join('\n  ')}`);
  }
  const started = localstack.value;
  progress(`LocalStack ${started.version} (${started.runtime}) at ${started.endpoint}; ministack healthy`);
  const children: StartedChild[] = [ministack.value, ...(started.child ? [started.child] : [])];
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= Promise.all([started.stop(), ministack.value.stop()]).then(() => {});
    return stopping;
  };
  const endpoint = started.endpoint;
  return {
    name: 'localstack',
    versions: { localstack: started.version, ministack: PINNED_VERSIONS.ministack },
    localstack: started,
    target: {
      region: 'us-east-1',
      credentials: EMULATOR_CREDENTIALS,
      endpoints: {
        dynamodb: `http://127.0.0.1:${dynamoPort}`,
        sqs: endpoint,
        s3: endpoint,
        eventbridge: endpoint,
        cloudwatch: endpoint,
      },
    },
    harnessEndpoints: { firehose: endpoint, cloudformation: endpoint, iam: endpoint, sts: endpoint },
    children,
    deviations: LOCALSTACK_DEVIATIONS,
    notes,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
