/**
 * The embedded environment: ministack (DynamoDB), fauxqs (SQS, S3) and moto (EventBridge,
 * CloudWatch) as child processes on free loopback
 * ports. `startEmbeddedStack` returns a started stack (a different type from its options, so a
 * stopped or unstarted stack cannot be used by mistake); `await using` tears it down.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AwsTarget } from '../../services/aws/aws-target';
import { type StartedChild, startChild } from './child-process';
import { fauxqsSpec, ministackSpec, motoSpec } from './emulators';
import { findFreePort } from './free-port';

export interface EmbeddedStackOptions {
  /** Project root (node_modules, .venv live here). */
  readonly root: string;
  /** Where emulator logs go; a run folder keeps them as evidence. */
  readonly logDir: string;
  /** The Node 22 binary fauxqs runs on. */
  readonly nodeBinary: string;
  readonly onProgress?: (message: string) => void;
}

export interface StartedEmbeddedStack extends AsyncDisposable {
  readonly target: AwsTarget;
  readonly children: readonly StartedChild[];
  stop(): Promise<void>;
}

export const EMULATOR_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

export async function startEmbeddedStack(options: EmbeddedStackOptions): Promise<StartedEmbeddedStack> {
  const progress = options.onProgress ?? (() => {});
  assertNode22(options.nodeBinary);
  mkdirSync(options.logDir, { recursive: true });
  const [dynamoPort, fauxqsPort, motoPort] = [
    await findFreePort(),
    await findFreePort(),
    await findFreePort(),
  ];
  progress(`starting ministack (DynamoDB) :${dynamoPort}, fauxqs :${fauxqsPort}, moto :${motoPort}`);
  const specs = [
    ministackSpec(options.root, dynamoPort, options.logDir),
    fauxqsSpec(options.root, fauxqsPort, options.logDir, options.nodeBinary),
    motoSpec(options.root, motoPort, options.logDir),
  ];
  // Start all three at once; if one fails, stop the others before reporting it.
  const results = await Promise.allSettled(specs.map((spec) => startChild(spec)));
  const children = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []));
  if (failures.length > 0) {
    await Promise.all(children.map((child) => child.stop()));
    throw new Error(`the embedded stack did not start:\n  ${failures.join('\n  ')}`);
  }
  for (const child of children) progress(`${child.name} healthy (pid ${child.pid})`);

  const fauxqsUrl = `http://127.0.0.1:${fauxqsPort}`;
  const motoUrl = `http://127.0.0.1:${motoPort}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(children.map((child) => child.stop()));
  };
  return {
    target: {
      region: 'us-east-1',
      credentials: EMULATOR_CREDENTIALS,
      endpoints: {
        dynamodb: `http://127.0.0.1:${dynamoPort}`,
        sqs: fauxqsUrl,
        s3: fauxqsUrl,
        eventbridge: motoUrl,
        cloudwatch: motoUrl,
      },
    },
    children,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

export function defaultLogDir(root: string, name: string): string {
  return join(root, '.stack', name);
}

/** fauxqs needs node:sqlite (Node >= 22.5); on an older Node it dies with an obscure error. */
function assertNode22(nodeBinary: string): void {
  const version = nodeBinary === process.execPath ? process.versions.node : undefined;
  const [major = 0, minor = 0] = (version ?? '22.5').split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 5)) {
    throw new Error(
      `the embedded stack needs Node 22.5+, this is ${process.version}: run it through make, or ` +
        '`export PATH=$PWD/.tools/bin:$PATH` first (make setup installs Node 22 there)',
    );
  }
}
