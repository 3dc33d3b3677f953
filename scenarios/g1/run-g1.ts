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
import type { AnalyticsDelivery } from '../../invariants/history';
import { loadPhaseFailed } from '../load/load-tool';
import { collectFinalState, observeRequests } from '../runner/final-state';
import { readAnalyticsDelivery } from '../runner/read-bucket';
import { runParameters } from '../runner/run-history';
import {
  drainAll,
  operationList,
  type RunbookContext,
  type RunbookOutcome,
  runPhase,
  sampleQueues,
} from '../runner/runbook-context';
import type { AnalyticsPath } from '../system/system-under-test';
import { type QueryRun, runRequiredQueries } from './analytics-queries';
import type { G1Options } from './options';
import { preparePoison, sendPoison } from './poison';
import { runSwallowSubRun, type SwallowOutcome } from './swallow';

export type G1Context = RunbookContext<G1Options>;

/** failedSteps: no spike recorded (or its tool failed), the drain timed out. */
export interface G1Outcome extends RunbookOutcome {
  readonly delivery: AnalyticsDelivery;
  readonly queries: QueryRun[];
  readonly engineName: string;
  readonly swallow: SwallowOutcome;
  readonly analytics: AnalyticsPath;
  readonly publicAccessBlocked: boolean;
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
  const sampler = sampleQueues(context, options.EVENT_ID, 500, () => system.worker.running > 0);
  // The poison requests' operations; the spike has a list of its own.
  const operations = operationList(context);

  progress.phase(
    'load',
    `worker on, ${options.POISON} poison message(s), ${context.loadTool.name} ${options.VUS} VUs for ${options.DURATION}`,
  );
  const poison = await preparePoison(system, options.EVENT_ID, options.POISON, context.runTag);
  operations.push(...poison.operations);
  await system.worker.start();
  await sendPoison(system, poison);
  const poisonRequestIds = [...poison.requestIds];
  const spike = await runPhase(context, {
    label: 'spike',
    parameters: { mode: 'spike', vus: options.VUS, duration: options.DURATION, rate: 1 },
    eventId: options.EVENT_ID,
  });
  progress.say(`spike done: ${operations.length + spike.operations.length} participations`);
  const failedSteps = loadPhaseFailed(spike) ? ['spike'] : [];
  // A mid-run reading of every request: the final state must agree with it (I3, I4).
  const observations = await observeRequests(clients, resources.tableName);

  progress.phase('drain', 'until every request is final, poison ones through the DLQ');
  const drainedAt = await drainAll(context, options.DRAIN_TIMEOUT_SECONDS);
  if (drainedAt === undefined) failedSteps.push('drain');

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
      operations: [...operations, ...spike.operations],
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
    failedSteps,
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
