/**
 * The swallow sub-run: a worker whose EventBridge endpoint is unreachable drives a small load to
 * the end. Statuses, deletes and the failure metric are then read back for checkPublishSwallow.
 */
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import type { SwallowObservation } from '../../invariants/publish-swallow';
import { PUBLISH_FAILURE_METRIC } from '../../services/worker/eventbridge-publisher';
import type { StartedPipeline } from '../../stack/pipeline';
import { putCapacityFixture } from '../../stack/provision';
import { loginAs, participateOnce } from '../runner/http-client';
import type { Progress } from '../runner/progress';
import { readQueueDepth } from '../runner/queue-sampler';
import { waitUntilAllFinal } from '../runner/wait-until-final';

const UNREACHABLE = 'http://127.0.0.1:9';

export async function runSwallowSubRun(args: {
  pipeline: StartedPipeline;
  progress: Progress;
  users: number;
  runTag: string;
  countDelivered: (eventId: string) => Promise<number>;
}): Promise<SwallowObservation & { eventId: string }> {
  const { pipeline, progress, users } = args;
  const eventId = 'EVT-SWALLOW';
  const capacity = Math.floor(users / 2);
  const namespace = `ParticipationPipeline/${args.runTag}`;
  await putCapacityFixture(
    pipeline.clients,
    pipeline.resources.tableName,
    { eventId, capacity },
    Date.now(),
    {
      overwrite: true,
    },
  );
  const dlqBefore = await readQueueDepth(pipeline.clients, pipeline.resources.deadLetterQueueUrl);
  const startedAt = new Date(Date.now() - 60_000);
  await pipeline.startWorker({ AWS_ENDPOINT_URL_EVENTBRIDGE: UNREACHABLE, METRIC_NAMESPACE: namespace });
  progress.say(`swallow: worker with EventBridge at ${UNREACHABLE}; ${users} users for ${capacity} seats`);

  await Promise.all(
    Array.from({ length: users }, async (_, i) => {
      const userId = `swallow-${args.runTag}-${i + 1}`;
      const token = await loginAs(pipeline.ingestUrl, userId);
      await participateOnce(pipeline.ingestUrl, token, eventId, userId, 'swallow');
    }),
  );
  const { statusCounts } = await waitUntilAllFinal({
    clients: pipeline.clients,
    tableName: pipeline.resources.tableName,
    mainQueueUrl: pipeline.resources.mainQueueUrl,
    timeoutMs: 180_000,
    select: (request) => request.eventId === eventId,
    expectedRequests: users,
    say: progress.say,
  });
  await pipeline.stopWorkers();
  const main = await readQueueDepth(pipeline.clients, pipeline.resources.mainQueueUrl);
  const dlq = await readQueueDepth(pipeline.clients, pipeline.resources.deadLetterQueueUrl);
  const publishFailuresMetric = await sumMetric(pipeline, namespace, startedAt);
  progress.say(`swallow: ${JSON.stringify(statusCounts)}, EventPublishFailures = ${publishFailuresMetric}`);
  return {
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

async function sumMetric(pipeline: StartedPipeline, namespace: string, since: Date): Promise<number | null> {
  try {
    const { Datapoints = [] } = await pipeline.clients.cloudwatch.send(
      new GetMetricStatisticsCommand({
        Namespace: namespace,
        MetricName: PUBLISH_FAILURE_METRIC,
        Dimensions: [{ Name: 'Env', Value: 'local' }],
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
