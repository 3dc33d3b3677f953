/**
 * Provisions the G1 pipeline on the embedded stack from the one resource definition:
 *
 *   worker --PutEvents--> moto EventBridge --rule--> moto SQS buffer queue
 *          --delivery stage (imitates Firehose)--> fauxqs S3 events/dt=/hour=/
 *
 * moto delivers rule matches only to its own queues, so the buffer queue lives in moto and the
 * delivery stage (stack/embedded/delivery) takes the place of the Firehose stream. On AWS the
 * same rule targets the delivery stream itself.
 */

import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { AwsTarget } from '../../services/aws/aws-target';
import type { AwsClients } from '../../services/aws/clients';
import { provisionAnalyticsBucket, routeAnalyticsEvents } from '../analytics-route';
import type { ResourceDefinition } from '../resources';

export interface EmbeddedAnalytics {
  readonly bucket: string;
  readonly bufferQueueUrl: string;
  /** A client for moto's SQS, where the buffer queue lives. */
  readonly bufferSqs: SQSClient;
  /** fauxqs may not implement PutPublicAccessBlock; the report says which. */
  readonly publicAccessBlocked: boolean;
}

export async function provisionEmbeddedAnalytics(
  target: AwsTarget,
  clients: AwsClients,
  definition: ResourceDefinition,
): Promise<EmbeddedAnalytics> {
  const { analytics } = definition;
  const { bucket, publicAccessBlocked } = await provisionAnalyticsBucket(clients, definition);
  const bufferSqs = new SQSClient({
    region: target.region,
    ...(target.credentials ? { credentials: target.credentials } : {}),
    endpoint: target.endpoints.eventbridge,
  });
  const { QueueUrl: bufferQueueUrl } = await bufferSqs.send(
    new CreateQueueCommand({ QueueName: `${analytics.deliveryStream.name}-buffer` }),
  );
  if (!bufferQueueUrl) throw new Error('provision-analytics: moto returned no buffer queue url');
  const { Attributes } = await bufferSqs.send(
    new GetQueueAttributesCommand({ QueueUrl: bufferQueueUrl, AttributeNames: ['QueueArn'] }),
  );
  // moto ignores InputPath and delivers the envelope; the delivery stage takes the detail.
  await routeAnalyticsEvents(clients, definition, { arn: Attributes?.QueueArn });
  return { bucket, bufferQueueUrl, bufferSqs, publicAccessBlocked };
}
