/**
 * The whole reference pipeline on the embedded stack: emulators, resources, and ingest and
 * worker as child processes that can be started and stopped on cue (the runbook turns the worker
 * off and on). Used by `make up`, and by the runbooks as the default system under test
 * (scenarios/system/reference-system.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AwsTarget, targetToEnvironment } from '../services/aws/aws-target';
import { type AwsClients, createAwsClients } from '../services/aws/clients';
import type { StartedChild } from './embedded/child-process';
import { type StartedEmbeddedStack, startEmbeddedStack } from './embedded/embedded-stack';
import { findFreePort } from './embedded/free-port';
import { startLocalStackTarget } from './localstack/localstack-target';
import { type ProvisionedResources, provision } from './provision';
import { defineResources, type ResourceDefinition, type ResourceOptions } from './resources';
import { freshServiceSecrets, serviceEnvironment } from './service-environment';
import { startIngestProcess, startWorkerProcess } from './service-process';
import type { StartedTarget } from './started-target';

/**
 * The reference worker's CloudWatch metric for EventBridge misses: the seam names it from here,
 * so runbooks never import the worker.
 */
export { PUBLISH_FAILURE_METRIC } from '../services/worker/eventbridge-publisher';

export interface PipelineOptions {
  readonly root: string;
  /** Logs of emulators and services, and endpoints.env, are written here. */
  readonly runDir: string;
  readonly nodeBinary: string;
  readonly resources: ResourceOptions;
  readonly ingestEnv?: Record<string, string>;
  readonly workerEnv?: Record<string, string>;
  /**
   * Endpoints the services (not the harness) use instead of the emulators' own: a chaos run puts
   * fault proxies here. Called once the emulators are up.
   */
  readonly serviceEndpoints?: (
    target: AwsTarget,
  ) => Promise<{ ingest?: AwsTarget['endpoints']; worker?: AwsTarget['endpoints'] }>;
  readonly onProgress: (message: string) => void;
  /**
   * Where the AWS calls go: the embedded emulators (default) or LocalStack on the host with
   * ministack for DynamoDB (stack/localstack). Both answer the same AwsTarget shape.
   */
  readonly target?: 'embedded' | 'localstack';
}

/**
 * What the pipeline needs of a started environment; the embedded stack and LocalStack both are
 * one. LocalStack also says where Firehose and CloudFormation are and how it differs from AWS.
 */
export type PipelineStack = Pick<StartedEmbeddedStack, 'target' | 'children' | 'stop'> &
  Partial<Pick<StartedTarget, 'name' | 'versions' | 'harnessEndpoints' | 'deviations' | 'notes'>>;

export interface StartedPipeline extends AsyncDisposable {
  readonly stack: PipelineStack;
  readonly clients: AwsClients;
  readonly resources: ProvisionedResources;
  readonly definition: ResourceDefinition;
  readonly ingestUrl: string;
  readonly adminSecret: string;
  /** The HS256 secret ingest signs and verifies tokens with (the fuzz forges tokens with it). */
  readonly tokenSecret: string;
  readonly workers: readonly StartedChild[];
  /** Starts a worker process; `entry` runs another worker main (a mutant) with the same wiring. */
  startWorker(extraEnv?: Record<string, string>, entry?: string): Promise<StartedChild>;
  stopWorkers(signal?: NodeJS.Signals): Promise<void>;
  /** SIGKILLs one running worker (as the kill nemesis does); false when none runs. */
  killWorker(index: number): Promise<boolean>;
  /** SIGKILLs ingest like a lost machine; startIngest brings it back on the same port. */
  killIngest(): Promise<void>;
  startIngest(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPipeline(options: PipelineOptions): Promise<StartedPipeline> {
  const progress = options.onProgress;
  const stack: PipelineStack =
    options.target === 'localstack'
      ? await startLocalStackTarget({
          root: options.root,
          runDir: options.runDir,
          runtime: 'host',
          onProgress: progress,
        })
      : await startEmbeddedStack({
          root: options.root,
          logDir: options.runDir,
          nodeBinary: options.nodeBinary,
          onProgress: progress,
        });
  const children: StartedChild[] = [];
  const workers: StartedChild[] = [];
  const clients = createAwsClients(stack.target);
  const stop = async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await Promise.all(children.map((child) => child.stop()));
    clients.destroy();
    await stack.stop();
  };
  try {
    const definition = defineResources(options.resources);
    const resources = await provision(clients, definition);
    progress(
      `provisioned ${resources.tableName}, ${definition.mainQueue.name} -> ${definition.deadLetterQueue.name}`,
    );

    const endpoints = (await options.serviceEndpoints?.(stack.target)) ?? {};
    const envFor = (service: 'ingest' | 'worker') =>
      targetToEnvironment({
        ...stack.target,
        endpoints: { ...stack.target.endpoints, ...endpoints[service] },
      });
    const { adminSecret, tokenSecret } = freshServiceSecrets();
    const visibility = definition.mainQueue.attributes.VisibilityTimeout ?? '30';
    const serviceEnv = {
      ...serviceEnvironment(stack.target, resources, { adminSecret, tokenSecret }),
      VISIBILITY_TIMEOUT_SECONDS: visibility,
    };
    const port = await findFreePort();
    // Clients keep the URL across a kill: a restarted ingest listens on the same port.
    const launchIngest = async () => {
      children.push(
        await startIngestProcess({
          root: options.root,
          nodeBinary: options.nodeBinary,
          env: { ...serviceEnv, ...envFor('ingest'), ...options.ingestEnv },
          logFile: join(options.runDir, 'ingest.log'),
          port,
        }),
      );
    };
    await launchIngest();
    const ingestUrl = `http://127.0.0.1:${port}`;
    progress(`ingest listening on ${ingestUrl}`);
    writeEndpointsFile(join(options.runDir, 'endpoints.env'), { ...serviceEnv, INGEST_URL: ingestUrl });

    let workerCount = 0;
    return {
      stack,
      clients,
      resources,
      definition,
      ingestUrl,
      adminSecret,
      tokenSecret,
      workers,
      async startWorker(extraEnv = {}, entry) {
        workerCount++;
        const worker = await startWorkerProcess({
          ...(entry ? { entry } : {}),
          root: options.root,
          nodeBinary: options.nodeBinary,
          env: {
            ...serviceEnv,
            ...envFor('worker'),
            LEASE_MS: String(Number(visibility) * 1000),
            WORKER_ID: `worker-${workerCount}`,
            ...options.workerEnv,
            ...extraEnv,
          },
          logFile: join(options.runDir, `worker-${workerCount}.log`),
        });
        workers.push(worker);
        progress(`worker-${workerCount} started (pid ${worker.pid})`);
        return worker;
      },
      async stopWorkers(signal = 'SIGTERM') {
        await Promise.all(workers.splice(0).map((worker) => worker.stop(signal)));
      },
      async killWorker(index) {
        const [worker] = workers.splice(index, 1);
        if (!worker) return false;
        await worker.stop('SIGKILL');
        progress(`${worker.name} (pid ${worker.pid}) killed`);
        return true;
      },
      async killIngest() {
        const ingest = children.find((child) => child.name === 'ingest');
        if (!ingest) return;
        children.splice(children.indexOf(ingest), 1);
        await ingest.stop('SIGKILL');
        progress(`ingest (pid ${ingest.pid}) killed`);
      },
      async startIngest() {
        await launchIngest();
        progress(`ingest restarted on ${ingestUrl}`);
      },
      stop,
      [Symbol.asyncDispose]: stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

function writeEndpointsFile(path: string, env: Record<string, string>): void {
  const lines = Object.entries(env).map(([key, value]) => `export ${key}=${JSON.stringify(value)}`);
  writeFileSync(
    path,
    `# Source this file to point AWS tools and curl at the running stack.\n${lines.join('\n')}\n`,
  );
}
