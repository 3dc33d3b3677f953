/**
 * The reference services as a system under test: the embedded pipeline (or LocalStack) started
 * by stack/pipeline.ts, offered through the same seam a team's own pipeline goes through, so
 * every runbook proves the harness on the services it ships. It has every surface, and the
 * worker capabilities only the reference's own wiring can give (a crash point, a broken
 * EventBridge endpoint, one worker killed among several).
 */
import { readFile } from 'node:fs/promises';
import { startAnalyticsDelivery } from '../../stack/analytics-delivery';
import { findFreePort } from '../../stack/embedded/free-port';
import { type PipelineOptions, PUBLISH_FAILURE_METRIC, startPipeline } from '../../stack/pipeline';
import { putCapacityFixture } from '../../stack/provision';
import { SPEC_ANSWERS, type SystemUnderTest, type WorkerControl } from './system-under-test';
import { createTokenSource, SPEC_LOGIN } from './token-source';

/** The test wiring's worker with a crash point (never the production entry). */
export const CRASHING_WORKER_ENTRY = 'scenarios/chaos/processes/crashing-worker-main.ts';

export interface ReferenceSystemOptions extends PipelineOptions {
  /** Extra environment of every worker `worker.start()` starts (CONCURRENCY, MUTANT, ...). */
  readonly workerStartEnv?: Record<string, string>;
  /** Another worker main with the same wiring (a bug-zoo mutant). */
  readonly workerEntry?: string;
}

export async function startReferenceSystem(options: ReferenceSystemOptions): Promise<SystemUnderTest> {
  const pipeline = await startPipeline(options);
  const start = (env: Record<string, string> = {}, entry = options.workerEntry) =>
    pipeline.startWorker({ ...options.workerStartEnv, ...env }, entry);
  const worker: WorkerControl = {
    get running() {
      return pipeline.workers.length;
    },
    async start() {
      await start();
    },
    stop: () => pipeline.stopWorkers(),
    kill: () => pipeline.stopWorkers('SIGKILL'),
    killOne: (index) => pipeline.killWorker(index),
    async startWithEventBridgeUnreachable() {
      // A port nothing listens on: every PutEvents is refused at once.
      const closed = `http://127.0.0.1:${await findFreePort()}`;
      const namespace = `ParticipationPipeline/swallow-${Date.now().toString(36)}`;
      await start({ AWS_ENDPOINT_URL_EVENTBRIDGE: closed, METRIC_NAMESPACE: namespace });
      return { namespace, name: PUBLISH_FAILURE_METRIC, dimensions: [{ Name: 'Env', Value: 'local' }] };
    },
    async startCrashing(crashAt, afterPasses) {
      const child = await start(
        { CRASH_AT: crashAt, CRASH_AFTER: String(afterPasses) },
        CRASHING_WORKER_ENTRY,
      );
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.process.once('exit', (_code, signal) => resolve(signal)),
      );
      return {
        exited,
        // The worker logs this line just before it SIGKILLs itself.
        reachedCrashPoint: async () =>
          (await readFile(child.logFile, 'utf8').catch(() => '')).includes('worker_crashing_on_purpose'),
      };
    },
  };
  const stop = () => pipeline.stop();
  const stream = pipeline.definition.analytics.deliveryStream;
  const onLocalStack = pipeline.stack.harnessEndpoints?.firehose !== undefined;
  return {
    name: options.workerEntry ? `reference services (worker ${options.workerEntry})` : 'reference services',
    ingestUrl: pipeline.ingestUrl,
    clients: pipeline.clients,
    resources: pipeline.resources,
    surfaces: {
      statusLogs: true,
      adminRoutes: true,
      me: true,
      analytics: true,
      workerKill: true,
      ingestKill: true,
    },
    answers: SPEC_ANSWERS,
    clockSkewMs: 0,
    worker,
    ingest: { kill: () => pipeline.killIngest(), start: () => pipeline.startIngest() },
    ...(pipeline.stack.deviations
      ? { target: { name: pipeline.stack.name ?? 'target', deviations: pipeline.stack.deviations } }
      : {}),
    tokenSecret: pipeline.tokenSecret,
    tokenFor: createTokenSource(SPEC_LOGIN, pipeline.ingestUrl, {}),
    async seedEvent(eventId, capacity) {
      await putCapacityFixture(
        pipeline.clients,
        pipeline.resources.tableName,
        { eventId, capacity },
        Date.now(),
        {
          overwrite: true,
        },
      );
    },
    async openAnalytics() {
      const stage = await startAnalyticsDelivery(pipeline);
      return {
        bucket: stage.bucket,
        // The static part of the prefix, before its first dynamic key.
        prefix: stream.prefix.slice(0, stream.prefix.indexOf('/') + 1),
        errorPrefix: stream.errorPrefix,
        bufferingSeconds: stream.bufferingSeconds,
        bufferingMegabytes: stream.bufferingMegabytes,
        publicAccessBlocked: stage.publicAccessBlocked,
        route: stage.route,
        delivery: onLocalStack
          ? "LocalStack's own EventBridge rule and Firehose deliver to S3 (its deviations from AWS are reported as findings)."
          : 'moto matches the EventBridge rule into a buffer queue and a small delivery stage plays Firehose ' +
            '(buffering, dt/hour prefixes, error prefix): the one part of the embedded stack that imitates AWS.',
        flush: () => stage.flush(),
        stop: () => stage.stop(),
      };
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
