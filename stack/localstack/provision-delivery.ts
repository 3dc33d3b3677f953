/**
 * Provisions G1's real delivery path on LocalStack from the one resource definition:
 *
 *   worker --PutEvents--> EventBridge rule ($.detail) --> Firehose stream --> S3 events/...
 *
 * No embedded delivery stage: what lands in the bucket is what LocalStack's Firehose wrote, with
 * its deviations (known-deviations.ts). Idempotent: an existing stream, rule or bucket is kept.
 * The roles are ARNs only: LocalStack does not enforce IAM; on AWS the template creates them.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  type FirehoseClient,
  ResourceInUseException,
} from '@aws-sdk/client-firehose';
import type { AwsClients } from '../../services/aws/clients';
import { provisionAnalyticsBucket, routeAnalyticsEvents } from '../analytics-route';
import { firehoseS3Destination } from '../firehose-destination';
import type { ResourceDefinition } from '../resources';

export interface ProvisionedDelivery {
  readonly bucket: string;
  readonly deliveryStreamName: string;
  readonly deliveryStreamArn: string;
  readonly ruleName: string;
  readonly publicAccessBlocked: boolean;
}

const LOCALSTACK_ACCOUNT = '000000000000';

export async function provisionLocalStackDelivery(
  clients: AwsClients,
  firehose: FirehoseClient,
  definition: ResourceDefinition,
  { activeTimeoutMs = 30_000 } = {},
): Promise<ProvisionedDelivery> {
  const { analytics } = definition;
  const { bucket, publicAccessBlocked } = await provisionAnalyticsBucket(clients, definition);
  const stream = analytics.deliveryStream;
  await firehose
    .send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: stream.name,
        DeliveryStreamType: 'DirectPut',
        ExtendedS3DestinationConfiguration: firehoseS3Destination(stream, {
          bucket: `arn:aws:s3:::${bucket}`,
          role: `arn:aws:iam::${LOCALSTACK_ACCOUNT}:role/${stream.name}-delivery`,
        }),
      }),
    )
    .catch((err: unknown) => {
      if (!(err instanceof ResourceInUseException)) throw err;
    });
  const deliveryStreamArn = await waitUntilActive(firehose, stream.name, activeTimeoutMs);

  await routeAnalyticsEvents(clients, definition, {
    arn: deliveryStreamArn,
    roleArn: `arn:aws:iam::${LOCALSTACK_ACCOUNT}:role/${analytics.rule.name}-target`,
  });
  return {
    bucket,
    deliveryStreamName: stream.name,
    deliveryStreamArn,
    ruleName: analytics.rule.name,
    publicAccessBlocked,
  };
}

async function waitUntilActive(firehose: FirehoseClient, name: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { DeliveryStreamDescription: description } = await firehose.send(
      new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }),
    );
    if (description?.DeliveryStreamStatus === 'ACTIVE' && description.DeliveryStreamARN) {
      return description.DeliveryStreamARN;
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `delivery stream ${name} is ${description?.DeliveryStreamStatus ?? 'missing'} after ${timeoutMs} ms`,
      );
    }
    await sleep(250);
  }
}
