/**
 * The swallow sub-run: a worker whose EventBridge endpoint is unreachable (a worker-control
 * capability the system declares) drives a small load to the end. Statuses, deletes and the
 * failure metric are then read back for checkPublishSwallow. A system that cannot start such a
 * worker gets no sub-run: its verdict is unknown with the reason.
 */
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { checkPublishSwallow, type SwallowObservation } from '../../invariants/publish-swallow';
import type { Verdict } from '../../invariants/verdict';
import type { Progress } from '../runner/progress';
import { readQueueDepth } from '../runner/queue-sampler';
import { unknownVerdict } from '../runner/system-checkers';
import { waitUntilAllFinal } from '../runner/wait-until-final';
import { participateThrough } from '../system/participate-client';
import type { PublishFailureMetric, SystemUnderTest } from '../system/system-under-test';

export type SwallowOutcome =
  | (SwallowObservation & { readonly ran: true; readonly eventId: string })
  | { readonly ran: false; readonly reason: string };

/** The swallow policy's verdict: judged on the sub-run, unknown with the reason when none ran. */
export function judgeSwallow(outcome: SwallowOutcome): Verdict {
  return outcome.ran
    ? checkPublishSwallow(outcome)
    : unknownVerdict(
        'I8s',
        'Swallow policy: EventBridge unreachable changes no status and no delete; misses are counted',
        outcome.reason,
      );
}

export async function runSwallowSubRun(args: {
  system: SystemUnderTest;
  progress: Progress;
  users: number;
  runTag: string;
  countDelivered: (eventId: string) => Promise<number>;
}): Promise<SwallowOutcome> {
  const { system, progress, users } = args;
  const startBroken = system.worker.startWithEventBridgeUnreachable;
  if (!startBroken)
    return {
      ran: false,
      reason: 'the system declares no way to start a worker with EventBridge unreachable',
    };
  const eventId = `EVT-SWALLOW-${args.runTag}`.slice(0, 64);
  const capacity = Math.floor(users / 2);
  const { clients, resources } = system;
  await system.seedEvent(eventId, capacity);
  const dlqBefore = await readQueueDepth(clients, resources.deadLetterQueueUrl);
  const startedAt = new Date(Date.now() - 60_000);
  const metric = await startBroken();
  progress.say(`swallow: a worker with EventBridge unreachable; ${users} users for ${capacity} seats`);

  await Promise.all(
    Array.from({ length: users }, (_, i) =>
      participateThrough(system, `swallow-${args.runTag}-${i + 1}`, eventId, 'swallow'),
    ),
  );
  const { statusCounts } = await waitUntilAllFinal({
    clients,
    tableName: resources.tableName,
    mainQueueUrl: resources.mainQueueUrl,
    timeoutMs: 180_000,
    select: (request) => request.eventId === eventId,
    expectedRequests: users,
    say: progress.say,
  });
  await system.worker.stop();
  const main = await readQueueDepth(clients, resources.mainQueueUrl);
  const dlq = await readQueueDepth(clients, resources.deadLetterQueueUrl);
  const publishFailuresMetric = metric ? await sumMetric(system, metric, startedAt) : null;
  progress.say(
    `swallow: ${JSON.stringify(statusCounts)}, publish failures counted = ${publishFailuresMetric}`,
  );
  return {
    ran: true,
    eventId,
    users,
    capacity,
    statusCounts,
    messagesLeft:
      main.visible +
      main.notVisible +
      main.delayed +
      (dlq.visible + dlq.notVisible - (dlqBefore.visible + dlqBefore.notVisible)),
    publishFailuresMetric,
    eventsDelivered: await args.countDelivered(eventId),
  };
}

async function sumMetric(
  system: SystemUnderTest,
  metric: PublishFailureMetric,
  since: Date,
): Promise<number | null> {
  try {
    const { Datapoints = [] } = await system.clients.cloudwatch.send(
      new GetMetricStatisticsCommand({
        Namespace: metric.namespace,
        MetricName: metric.name,
        Dimensions: [...metric.dimensions],
        StartTime: since,
        EndTime: new Date(Date.now() + 60_000),
        Period: 60,
        Statistics: ['Sum'],
      }),
    );
    return Datapoints.reduce((sum, point) => sum + (point.Sum ?? 0), 0);
  } catch {
    return null;
  }
}
