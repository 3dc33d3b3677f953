/**
 * The two pieces of the analytics path every environment provisions the same way, from the one
 * resource definition: the bucket (public access blocked where the emulator allows it), and the
 * EventBridge rule whose one target takes the events to delivery. Only the target differs: the
 * Firehose stream on LocalStack and AWS, the buffer queue of the delivery stage on the embedded
 * stack. Idempotent: an existing bucket or rule is kept.
 */
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateBucketCommand, PutPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import type { AwsClients } from '../services/aws/clients';
import type { ResourceDefinition } from './resources';

/** Creates the bucket; whether the emulator accepted PutPublicAccessBlock (the report says which). */
export async function provisionAnalyticsBucket(clients: AwsClients, definition: ResourceDefinition) {
  const bucket = definition.analytics.bucket.name;
  await clients.s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((err: unknown) => {
    if (!(err instanceof Error && /BucketAlready(OwnedByYou|Exists)/.test(err.name))) throw err;
  });
  const publicAccessBlocked = await clients.s3
    .send(
      new PutPublicAccessBlockCommand({
        Bucket: bucket,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      }),
    )
    .then(
      () => true,
      () => false,
    );
  return { bucket, publicAccessBlocked };
}

/** The rule on the bus, matching the definition's pattern, with `target` as its one target. */
export async function routeAnalyticsEvents(
  clients: AwsClients,
  definition: ResourceDefinition,
  target: { readonly arn: string | undefined; readonly roleArn?: string },
): Promise<void> {
  const { rule, eventBusName, deliveryStream } = definition.analytics;
  await clients.eventbridge.send(
    new PutRuleCommand({
      Name: rule.name,
      EventBusName: eventBusName,
      EventPattern: JSON.stringify(rule.pattern),
      State: 'ENABLED',
    }),
  );
  await clients.eventbridge.send(
    new PutTargetsCommand({
      Rule: rule.name,
      EventBusName: eventBusName,
      Targets: [
        {
          Id: 'delivery-stream',
          Arn: target.arn,
          ...(target.roleArn ? { RoleArn: target.roleArn } : {}),
          InputPath: deliveryStream.inputPath,
        },
      ],
    }),
  );
}
