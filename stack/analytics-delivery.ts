/**
 * The analytics path of a started pipeline, wherever it runs: on LocalStack its real
 * EventBridge -> Firehose -> S3 delivery, on the embedded stack the delivery stage that plays
 * Firehose (no open-source emulator delivers EventBridge to Firehose). The one wiring that
 * `make up` and G1 share.
 */
import { FirehoseClient } from '@aws-sdk/client-firehose';
import type { StartedDeliveryStage } from './embedded/delivery/delivery-stage';
import { startDeliveryStage } from './embedded/delivery/delivery-stage';
import { provisionEmbeddedAnalytics } from './embedded/provision-analytics';
import { startLocalStackDelivery } from './localstack/firehose-delivery';
import type { StartedPipeline } from './pipeline';

export interface StartedAnalyticsDelivery extends Pick<StartedDeliveryStage, 'stop'> {
  readonly bucket: string;
  readonly publicAccessBlocked: boolean;
  /** Where records go, in one line for the progress output. */
  readonly route: string;
  /** Writes (or waits for) everything delivered so far; the report of what it did. */
  flush(): Promise<unknown>;
}

export async function startAnalyticsDelivery(pipeline: StartedPipeline): Promise<StartedAnalyticsDelivery> {
  const { clients, definition } = pipeline;
  const firehoseEndpoint = pipeline.stack.harnessEndpoints?.firehose;
  if (firehoseEndpoint) {
    const firehose = new FirehoseClient({
      region: pipeline.stack.target.region,
      endpoint: firehoseEndpoint,
      ...(pipeline.stack.target.credentials ? { credentials: pipeline.stack.target.credentials } : {}),
    });
    const stage = await startLocalStackDelivery(clients, firehose, definition);
    return {
      bucket: stage.provisioned.bucket,
      publicAccessBlocked: stage.provisioned.publicAccessBlocked,
      route: `rule ${definition.analytics.rule.name} -> LocalStack Firehose -> s3://${stage.provisioned.bucket}/events/`,
      flush: () => stage.flush(),
      stop: async () => {
        await stage.stop();
        firehose.destroy();
      },
    };
  }
  const analytics = await provisionEmbeddedAnalytics(pipeline.stack.target, clients, definition);
  const stream = definition.analytics.deliveryStream;
  const stage = startDeliveryStage({
    sqs: analytics.bufferSqs,
    s3: clients.s3,
    bufferQueueUrl: analytics.bufferQueueUrl,
    bucket: analytics.bucket,
    prefix: stream.prefix,
    errorPrefix: stream.errorPrefix,
    streamName: stream.name,
    bufferingSeconds: stream.bufferingSeconds,
    bufferingBytes: stream.bufferingMegabytes * 1024 * 1024,
  });
  return {
    bucket: analytics.bucket,
    publicAccessBlocked: analytics.publicAccessBlocked,
    route: `rule ${definition.analytics.rule.name} -> buffer queue -> delivery stage -> s3://${analytics.bucket}/events/ (${stream.bufferingSeconds} s buffering)`,
    flush: () => stage.flush(),
    stop: () => stage.stop(),
  };
}
