/**
 * The G1 run: a system with its analytics path, under load, then the same Athena SQL over the
 * bucket.
 *
 *   setup     the system (the reference: stack, resources with the rule, buffer queue and
 *             bucket, delivery stage), its analytics path opened
 *   load      poison requests made and their messages held (worker off); worker on; the poison
 *             sent; a spike of random users over a smaller capacity
 *   drain     every request final (poison ones through the DLQ handler)
 *   flush     worker stopped; the delivery stage writes what it still buffers
 *   query     bucket read, partitions repaired, the six queries run on DuckDB
 *   swallow   a worker with EventBridge unreachable drives a small load to the end
 */
import { join } from 'node:path';
import { createDuckDbEngine } from '../../analytics/duckdb-engine';
import type { AnalyticsDelivery, History, ParticipateOperation } from '../../invariants/history';
import type { LiveHistory } from '../../invariants/history-writer';
import { type LoadTool, runLoadPhase } from '../load/load-tool';
import type { LoadRun } from '../load/run-load';
import { collectFinalState, observeRequests } from '../runner/final-state';
import type { Progress } from '../runner/progress';
import { startQueueSampler } from '../runner/queue-sampler';
import { readAnalyticsDelivery } from '../runner/read-bucket';
import { runParameters } from '../runner/run-history';
import { waitUntilAllFinal } from '../runner/wait-until-final';
import type { AnalyticsPath, SystemUnderTest } from '../system/system-under-test';
import { type QueryRun, runRequiredQueries } from './analytics-queries';
import type { G1Options } from './options';
import { preparePoison, sendPoison } from './poison';
import { runSwallowSubRun, type SwallowOutcome } from './swallow';

export interface G1Context {
  readonly options: G1Options;
  readonly system: SystemUnderTest;
  readonly progress: Progress;
  readonly runDir: string;
  readonly loadTool: LoadTool;
  readonly runTag: string;
  /** The run's history written as it goes: operations and samples are collected into its lists. */
  readonly history?: LiveHistory;
}

export interface G1Outcome {
  readonly history: History;
  readonly spike: LoadRun;
  readonly delivery: AnalyticsDelivery;
  readonly queries: QueryRun[];
  readonly engineName: string;
  readonly swallow: SwallowOutcome;
  readonly analytics: AnalyticsPath;
  readonly publicAccessBlocked: boolean;
  readonly drainedAt: number | undefined;
  readonly notes: string[];
}

export async function runG1(context: G1Context): Promise<G1Outcome> {
  const { options, system, progress } = context;
  const { clients, resources } = system;
  if (!system.openAnalytics)
    throw new Error(
      `g1: ${system.name} declares no analytics path (surfaces.analytics and resources.bucket)`,
    );
  const analytics = await system.openAnalytics();
  progress.say(`analytics: ${analytics.route}`);
  await system.seedEvent(options.EVENT_ID, options.CAPACITY);
  const sampler = startQueueSampler(
    {
      clients,
      tableName: resources.tableName,
      mainQueueUrl: resources.mainQueueUrl,
      deadLetterQueueUrl: resources.deadLetterQueueUrl,
      eventId: options.EVENT_ID,
    },
    {
      intervalMs: 500,
      phase: () => progress.currentPhase,
      workerRunning: () => system.worker.running > 0,
      ...(context.history === undefined ? {} : { into: context.history.list('sample') }),
    },
  );
  const operations: ParticipateOperation[] = context.history?.list('operation') ?? [];

  progress.phase(
    'load',
    `worker on, ${options.POISON} poison message(s), ${context.loadTool.name} ${options.VUS} VUs for ${options.DURATION}`,
  );
  const poison = await preparePoison(system, options.EVENT_ID, options.POISON, context.runTag);
  operations.push(...poison.operations);
  await system.worker.start();
  await sendPoison(system, poison);
  const poisonRequestIds = [...poison.requestIds];
  const spike = await runLoadPhase(context.loadTool, {
    label: 'spike',
    parameters: { mode: 'spike', vus: options.VUS, duration: options.DURATION, rate: 1 },
    baseUrl: system.ingestUrl,
    eventId: options.EVENT_ID,
    runTag: context.runTag,
    runDir: context.runDir,
    // Every virtual user's token the system's way (login route, signed, or a command).
    tokenFor: system.tokenFor,
    onLine: (line) => progress.say(`  spike | ${line}`),
  });
  operations.push(...spike.operations);
  progress.say(`spike done: ${operations.length} participations`);
  // A mid-run reading of every request: the final state must agree with it (I3, I4).
  const observations = await observeRequests(clients, resources.tableName);

  progress.phase('drain', 'until every request is final, poison ones through the DLQ');
  const { finalAt: drainedAt } = await waitUntilAllFinal({
    clients,
    tableName: resources.tableName,
    mainQueueUrl: resources.mainQueueUrl,
    timeoutMs: options.DRAIN_TIMEOUT_SECONDS * 1000,
    say: progress.say,
  });

  progress.phase('flush', 'worker stopped, delivery stage flushed');
  await system.worker.stop();
  const flushed = await analytics.flush();
  progress.say(`delivery: ${JSON.stringify(flushed)}`);
  const samples = await sampler.stop();
  const { final, malformed } = await collectFinalState(clients, resources);
  const readBucket = () =>
    readAnalyticsDelivery(clients, analytics.bucket, {
      prefix: analytics.prefix,
      errorPrefix: analytics.errorPrefix,
    });
  const delivery = await readBucket();
  progress.say(`bucket: ${delivery.objectKeys.length} object(s), ${delivery.records.length} event(s)`);

  progress.phase('query', 'partitions repaired, six queries on DuckDB over the bucket');
  const engine = await createDuckDbEngine({
    s3: clients.s3,
    bucket: analytics.bucket,
    mirrorDir: join(context.runDir, 'bucket-mirror'),
  });
  await engine.repairPartitions();
  const today = new Date().toISOString().slice(0, 10);
  const queries = await runRequiredQueries(engine, '2000-01-01', today);
  for (const query of queries)
    progress.say(
      `  ${query.name}: ${'error' in query.result ? `ERROR ${query.result.error}` : `${query.result.rows.length} row(s)`}`,
    );

  progress.phase('swallow', 'EventBridge unreachable: same statuses and deletes, misses counted');
  const swallow = await runSwallowSubRun({
    system,
    progress,
    users: options.SWALLOW_USERS,
    runTag: context.runTag,
    countDelivered: async (eventId) => {
      await analytics.flush();
      const after = await readBucket();
      return after.records.filter((record) => record.detail.eventId === eventId).length;
    },
  });
  if (!swallow.ran) progress.say(`swallow: not run: ${swallow.reason}`);
  await analytics.stop();
  await engine.close();
  progress.endPhase();

  return {
    history: {
      parameters: runParameters(system, options.EVENT_ID, options.CAPACITY),
      operations,
      observations,
      samples,
      phases: progress.phases,
      poisonRequestIds,
      final,
      analytics: delivery,
    },
    spike,
    delivery,
    queries,
    engineName: engine.name,
    swallow,
    analytics,
    publicAccessBlocked: analytics.publicAccessBlocked,
    drainedAt,
    notes: [
      ...(analytics.publicAccessBlocked
        ? []
        : [
            `the bucket ${analytics.bucket} reports no public access block (fauxqs does not implement PutPublicAccessBlock; the template applies it on AWS).`,
          ]),
      ...(malformed.length > 0
        ? [`${malformed.length} table item(s) did not match their schema; see history.json`]
        : []),
    ],
  };
}
