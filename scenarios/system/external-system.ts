/**
 * A system the harness did not write, reached from its system file: the ingest URL, tokens as
 * the file says, the harness's own AWS clients on the named resources, workers through the
 * declared commands (or a presenter, manually). The harness starts nothing else of the system:
 * a team's ingest is already running, or its `ingest.start` command brings it up.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { GetPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { type AwsTarget, targetToEnvironment } from '../../services/aws/aws-target';
import { type AwsClients, createAwsClients } from '../../services/aws/clients';
import { putCapacityFixture } from '../../stack/provision';
import { pollUntil } from '../runner/poll-until';
import type { SystemFile } from './system-file';
import type { AnalyticsPath, ServiceEndpoints, SystemUnderTest, WorkerControl } from './system-under-test';
import { createTokenSource, resolveSecret } from './token-source';
import { commandWorkers, manualWorkers, runCommand } from './worker-control';

/** A step the system's file gives the harness no way to take: the checks that need it are unknown. */
export class NotDeclaredError extends Error {
  readonly code = 'NOT_DECLARED';
}

export interface ExternalSystemOptions {
  /** The harness's environment: `env:NAME` secrets, and what the commands run with. */
  readonly env: NodeJS.ProcessEnv;
  /** The folder of the system file: commands run there. */
  readonly folder: string;
  readonly onProgress?: (message: string) => void;
  /** Fault proxies between the system and AWS: only for a file that lets the harness place them. */
  readonly serviceEndpoints?: ServiceEndpoints;
}

export async function openExternalSystem(
  system: SystemFile,
  options: ExternalSystemOptions,
): Promise<SystemUnderTest> {
  const say = options.onProgress ?? (() => {});
  const target: AwsTarget = {
    region: system.aws.region,
    endpoints: system.aws.endpoints ?? {},
    ...(system.aws.credentials ? { credentials: system.aws.credentials } : {}),
  };
  const proxied = options.serviceEndpoints
    ? await proxiedEnvironment(system, target, options.serviceEndpoints)
    : {};
  const commandEnv = { ...options.env, PWD: options.folder };
  if (system.worker.kind === 'embedded') {
    throw new Error(
      `${system.name}: worker kind 'embedded' is for the reference services only; describe start/stop commands or 'manual'`,
    );
  }
  const worker: WorkerControl =
    system.worker.kind === 'commands'
      ? commandWorkers(
          system.worker,
          { ...commandEnv, ...proxied.worker, HARNESS_FOLDER: options.folder },
          system.metrics?.publishFailures,
        )
      : manualWorkers();
  const ingestEnv = { ...commandEnv, ...proxied.ingest };
  if (system.ingest.start) {
    say(`starting ingest: ${system.ingest.start}`);
    await runCommand('starting ingest', system.ingest.start, ingestEnv);
  }
  await waitForIngest(system.ingest.baseUrl);
  say(`${system.name}: ingest answers at ${system.ingest.baseUrl}`);
  const clients = createAwsClients(target);
  const stop = async () => {
    if (worker.running > 0) await worker.stop().catch(() => {});
    if (system.ingest.start && system.ingest.stop) {
      await runCommand('stopping ingest', system.ingest.stop, commandEnv).catch((err: Error) =>
        say(err.message),
      );
    }
    clients.destroy();
  };
  return {
    name: system.name,
    ingestUrl: system.ingest.baseUrl,
    clients,
    resources: {
      tableName: system.resources.table,
      mainQueueUrl: system.resources.mainQueueUrl,
      deadLetterQueueUrl: system.resources.deadLetterQueueUrl,
      maxReceiveCount: system.resources.maxReceiveCount,
    },
    surfaces: {
      ...system.surfaces,
      workerKill: worker.kill !== undefined,
      ingestKill: system.ingest.start !== undefined && system.ingest.kill !== undefined,
    },
    answers: {
      requestIdPath: system.answers.requestId,
      extra202Fields: system.answers.extra202Fields,
      timestampsPath: system.answers.timestamps,
    },
    clockSkewMs: system.clockSkewMs,
    worker,
    ...(system.ingest.start && system.ingest.kill
      ? {
          ingest: {
            kill: () => runCommand('killing ingest', system.ingest.kill as string, ingestEnv),
            start: async () => {
              await runCommand('starting ingest', system.ingest.start as string, ingestEnv);
              await waitForIngest(system.ingest.baseUrl);
            },
          },
        }
      : {}),
    ...(system.tokens.kind === 'sign'
      ? { tokenSecret: resolveSecret(system.tokens.secret, options.env) }
      : {}),
    tokenFor: createTokenSource(system.tokens, system.ingest.baseUrl, options.env),
    async seedEvent(eventId, capacity) {
      await putCapacityFixture(clients, system.resources.table, { eventId, capacity }, Date.now(), {
        overwrite: true,
      });
    },
    ...(system.surfaces.analytics && system.resources.bucket
      ? { openAnalytics: async () => declaredAnalytics(system, clients, system.resources.bucket as string) }
      : {}),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/**
 * The environment that points the system's services at the proxies: only when the file says its
 * start commands read the endpoint variables, names the endpoints, and lets the harness start
 * ingest (an ingest already running would never see them).
 */
async function proxiedEnvironment(
  system: SystemFile,
  target: AwsTarget,
  serviceEndpoints: ServiceEndpoints,
): Promise<{ ingest?: Record<string, string>; worker?: Record<string, string> }> {
  const missing = [
    ...(system.aws.endpointsFromEnvironment ? [] : ['aws.endpointsFromEnvironment is not true']),
    ...(system.aws.endpoints ? [] : ['aws.endpoints are not given']),
    ...(system.ingest.start ? [] : ['ingest.start is not given']),
    ...(system.worker.kind === 'commands' ? [] : ['the workers are not started by commands']),
  ];
  if (missing.length > 0)
    throw new NotDeclaredError(`no fault proxy can stand between the system and AWS: ${missing.join('; ')}`);
  const endpoints = await serviceEndpoints(target);
  const environment = (overrides: AwsTarget['endpoints'] = {}) =>
    targetToEnvironment({ ...target, endpoints: { ...target.endpoints, ...overrides } });
  return { ingest: environment(endpoints.ingest), worker: environment(endpoints.worker) };
}

/** The analytics path the file declares: the system's own delivery, waited for by its buffering. */
async function declaredAnalytics(
  system: SystemFile,
  clients: AwsClients,
  bucket: string,
): Promise<AnalyticsPath> {
  const blocked = await clients.s3
    .send(new GetPublicAccessBlockCommand({ Bucket: bucket }))
    .then(({ PublicAccessBlockConfiguration: block }) =>
      Boolean(
        block?.BlockPublicAcls &&
          block.BlockPublicPolicy &&
          block.IgnorePublicAcls &&
          block.RestrictPublicBuckets,
      ),
    )
    .catch(() => false);
  const waitMs = (system.resources.bufferingSeconds + 5) * 1000;
  return {
    bucket,
    prefix: system.resources.prefix,
    errorPrefix: system.resources.errorPrefix,
    bufferingSeconds: system.resources.bufferingSeconds,
    bufferingMegabytes: 0,
    publicAccessBlocked: blocked,
    route: `the system's own delivery -> s3://${bucket}/${system.resources.prefix}`,
    delivery: "The system's own delivery (declared in its system file); the harness only reads the bucket.",
    // The harness cannot make the system's delivery write: it waits out the declared buffering.
    flush: async () => {
      await sleep(waitMs);
      return { waitedMs: waitMs };
    },
    stop: async () => {},
  };
}

/** Any HTTP answer counts: the system may have no /healthz; a refused connection does not. */
async function waitForIngest(baseUrl: string, timeoutMs = 60_000): Promise<void> {
  let last = '';
  const answered = await pollUntil(
    async () => {
      try {
        const response = await fetch(baseUrl, { signal: AbortSignal.timeout(2_000) });
        await response.body?.cancel();
        return true;
      } catch (err) {
        last = (err as Error).message;
        return false;
      }
    },
    { intervalMs: 250, timeoutMs },
  );
  if (!answered)
    throw new Error(
      `ingest at ${baseUrl} did not answer within ${timeoutMs / 1000} s (${last}): is it running?`,
    );
}
