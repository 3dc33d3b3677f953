/**
 * Publishes ParticipationProcessed to EventBridge after every final transition. The swallow
 * policy of spec section 4: a failed publish (an exception, or FailedEntryCount > 0) never changes
 * the status or the acknowledgement. It logs one warning and counts one EventPublishFailures
 * datapoint in CloudWatch, and the worker carries on.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { Logger } from 'pino';
import { ANALYTICS_SOURCE, PARTICIPATION_PROCESSED, toParticipationProcessed } from '../common';
import type { ParticipationPublisher } from './publisher';

export const PUBLISH_FAILURE_METRIC = 'EventPublishFailures';

export interface EventBridgePublisherOptions {
  readonly eventbridge: EventBridgeClient;
  readonly cloudwatch: CloudWatchClient;
  readonly eventBusName: string;
  readonly metricNamespace: string;
  /** The deployment the events come from (spec: `env` of the detail). */
  readonly env: string;
  readonly workerId: string;
  readonly logger: Logger;
}

export function createEventBridgePublisher(options: EventBridgePublisherOptions): ParticipationPublisher {
  const countFailure = async (requestId: string, reason: string) => {
    options.logger.warn({ requestId, reason }, 'analytics_publish_failed');
    try {
      await options.cloudwatch.send(
        new PutMetricDataCommand({
          Namespace: options.metricNamespace,
          MetricData: [
            {
              MetricName: PUBLISH_FAILURE_METRIC,
              Value: 1,
              Unit: 'Count',
              Dimensions: [{ Name: 'Env', Value: options.env }],
            },
          ],
        }),
      );
    } catch (err) {
      // Even the metric may be unreachable; the warning above is then the only trace.
      options.logger.warn({ err, requestId }, 'analytics_failure_metric_failed');
    }
  };

  return {
    async published(item, delivery) {
      const detail = toParticipationProcessed(item, {
        env: options.env,
        workerId: options.workerId,
        isDlq: delivery.isDlq,
      });
      try {
        const answer = await options.eventbridge.send(
          new PutEventsCommand({
            Entries: [
              {
                Source: ANALYTICS_SOURCE,
                DetailType: PARTICIPATION_PROCESSED,
                Detail: JSON.stringify(detail),
                EventBusName: options.eventBusName,
              },
            ],
          }),
          delivery.abortSignal ? { abortSignal: delivery.abortSignal } : {},
        );
        if ((answer.FailedEntryCount ?? 0) > 0) {
          const entry = answer.Entries?.[0];
          await countFailure(
            item.requestId,
            `${entry?.ErrorCode ?? 'FailedEntry'}: ${entry?.ErrorMessage ?? ''}`,
          );
        }
      } catch (err) {
        await countFailure(
          item.requestId,
          err instanceof Error ? `${err.name}: ${err.message}` : String(err),
        );
      }
    },
  };
}
