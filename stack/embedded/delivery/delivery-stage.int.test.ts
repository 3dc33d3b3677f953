/**
 * The delivery stage between moto (EventBridge + the buffer queue) and fauxqs (S3), wired the way
 * the embedded stack wires `rule-worker-to-firehose`.
 */
import {
  DeleteRuleCommand,
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type StartedDeliveryStage, startDeliveryStage } from './delivery-stage';

const SOURCE = 'kr.ac.dongduk.worker';
const PREFIX = 'events/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/';
const ERROR_PREFIX = 'events/error/';
const STREAM = 'participation-events';
const GARBAGE = 'this is not an EventBridge event {';

const target = inject('awsTarget');
const common = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
// moto plays EventBridge and also holds the buffer queue: it delivers rule matches only to its own SQS.
const moto = target.endpoints.eventbridge;
const eventbridge = new EventBridgeClient({ ...common, endpoint: moto });
const motoSqs = new SQSClient({ ...common, endpoint: moto });
const s3 = new S3Client({ ...common, endpoint: target.endpoints.s3, forcePathStyle: true });

let counter = 0;
const uniqueName = (what: string) =>
  `delivery-${what}-${process.pid}-${++counter}-${Date.now().toString(36)}`;

function detailFor(requestId: string, detailType = 'ParticipationProcessed') {
  return {
    schemaVersion: 1,
    env: 'test',
    eventId: 'EVT-DELIVERY',
    requestId,
    eventType: 'FIRST_COME',
    finalStatus: detailType === 'RequestFailed' ? 'FAILED_FINAL' : 'SUCCEEDED',
    resultCode: 'OK',
    timestamps: { queuedAt: 1_000, startedAt: 1_100, finishedAt: 1_200 },
    delivery: { attempt: 1, isDlq: false },
    failure: { failureClass: null, errorCode: null, errorMessage: null },
    meta: { workerId: 'w-1' },
  };
}

async function createBufferQueue() {
  const { QueueUrl } = await motoSqs.send(new CreateQueueCommand({ QueueName: uniqueName('buffer') }));
  const queueUrl = QueueUrl as string;
  const { Attributes = {} } = await motoSqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  return { queueUrl, queueArn: Attributes.QueueArn as string };
}

async function queueTotal(queueUrl: string) {
  const { Attributes = {} } = await motoSqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible)
  );
}

async function readObjects(bucket: string, prefix: string) {
  const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return Promise.all(
    Contents.map(async ({ Key }) => {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
      return { key: Key as string, body: await (object.Body?.transformToString() ?? '') };
    }),
  );
}

/** The partition a time falls in, as the spec names it (UTC). */
const partitionOf = (ms: number) => {
  const iso = new Date(ms).toISOString();
  return `events/dt=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}/`;
};

describe('delivery stage on the embedded stack', () => {
  const stages: StartedDeliveryStage[] = [];
  const rules: string[] = [];

  beforeAll(() => {
    expect(moto, 'the embedded stack has a moto endpoint').toBeTruthy();
  });

  afterAll(async () => {
    await Promise.allSettled(stages.map((stage) => stage.stop()));
    for (const rule of rules) {
      await eventbridge.send(new RemoveTargetsCommand({ Rule: rule, Ids: ['buffer'] }));
      await eventbridge.send(new DeleteRuleCommand({ Name: rule }));
    }
    for (const client of [eventbridge, motoSqs, s3]) client.destroy();
  });

  it('delivers matching details one per line under the ingestion-hour partition and garbage under error/', async () => {
    // Prepare: the rule and its buffer queue in moto, the bucket in fauxqs.
    const startedAt = Date.now();
    const { queueUrl, queueArn } = await createBufferQueue();
    const bucket = uniqueName('bucket');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const rule = uniqueName('rule-worker-to-firehose');
    await eventbridge.send(
      new PutRuleCommand({
        Name: rule,
        EventPattern: JSON.stringify({
          source: [SOURCE],
          'detail-type': ['ParticipationProcessed', 'RequestFailed'],
        }),
      }),
    );
    rules.push(rule);
    await eventbridge.send(
      new PutTargetsCommand({
        Rule: rule,
        Targets: [{ Id: 'buffer', Arn: queueArn, InputPath: '$.detail' }],
      }),
    );
    const details = [
      detailFor(`req-${rule}-1`),
      detailFor(`req-${rule}-2`),
      detailFor(`req-${rule}-3`),
      detailFor(`req-${rule}-4`, 'RequestFailed'),
    ];
    const foreign = { ...detailFor(`req-${rule}-foreign`), meta: { workerId: 'someone-else' } };
    const put = await eventbridge.send(
      new PutEventsCommand({
        Entries: [
          ...details.map((detail, i) => ({
            Source: SOURCE,
            DetailType: i === 3 ? 'RequestFailed' : 'ParticipationProcessed',
            Detail: JSON.stringify(detail),
          })),
          {
            Source: 'kr.ac.dongduk.other',
            DetailType: 'ParticipationProcessed',
            Detail: JSON.stringify(foreign),
          },
        ],
      }),
    );
    expect(put.FailedEntryCount).toBe(0);
    await motoSqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: GARBAGE }));

    // What moto put in the queue (peeked, visible again at once): the whole envelope, detail as
    // an object, InputPath ignored. If this changes, the module comment of the stage is stale.
    const peek = await motoSqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
    );
    const envelope = JSON.parse(
      (peek.Messages ?? []).map((m) => m.Body ?? '').find((b) => b.includes('detail-type')) ?? '{}',
    );
    expect(envelope).toMatchObject({
      version: '0',
      source: SOURCE,
      region: 'us-east-1',
      resources: [],
      detail: expect.objectContaining({ schemaVersion: 1, env: 'test' }),
    });

    // Act
    const stage = startDeliveryStage({
      sqs: motoSqs,
      s3,
      bufferQueueUrl: queueUrl,
      bucket,
      prefix: PREFIX,
      errorPrefix: ERROR_PREFIX,
      streamName: STREAM,
      bufferingSeconds: 1,
      bufferingBytes: 1024 * 1024,
      // Delivery runs 3 days late: the partition must still be the hour the events arrived in.
      clock: { now: () => Date.now() + 3 * 86_400_000 },
    });
    stages.push(stage);
    await stage.flush();
    const finishedAt = Date.now();

    // Assess: every matching detail exactly once, one JSON object per line, in today's partition.
    const delivered = await readObjects(bucket, 'events/dt=');
    const partitions = new Set([partitionOf(startedAt), partitionOf(finishedAt)]);
    expect(delivered.length).toBeGreaterThan(0);
    for (const { key, body } of delivered) {
      const partition = key.slice(0, key.lastIndexOf('/') + 1);
      expect(partitions).toContain(partition);
      expect(key.slice(partition.length)).toMatch(
        /^participation-events-1-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[0-9a-f-]{36}$/,
      );
      expect(body.endsWith('\n')).toBe(true);
    }
    const lines = delivered.flatMap(({ body }) => body.split('\n').slice(0, -1));
    const parsed = lines.map((line) => JSON.parse(line));
    expect(parsed).toHaveLength(details.length);
    expect(parsed).toEqual(expect.arrayContaining(details));
    expect(lines.join('\n')).not.toContain('someone-else');

    const errors = await readObjects(bucket, ERROR_PREFIX);
    expect(errors.flatMap(({ body }) => body.split('\n').slice(0, -1))).toEqual([GARBAGE]);
    expect(await queueTotal(queueUrl)).toBe(0);
    expect(stage.stats).toMatchObject({ recordsDelivered: details.length, errorRecords: 1 });
    expect(stage.stats.keysWritten.sort()).toEqual([...delivered, ...errors].map((o) => o.key).sort());
  });

  it('keeps the messages when the object cannot be written (at-least-once)', async () => {
    // Prepare: two records, and a bucket that does not exist.
    const { queueUrl } = await createBufferQueue();
    for (const requestId of ['a', 'b']) {
      await motoSqs.send(
        new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(detailFor(requestId)) }),
      );
    }
    const stage = startDeliveryStage({
      sqs: motoSqs,
      s3,
      bufferQueueUrl: queueUrl,
      bucket: uniqueName('missing'),
      prefix: PREFIX,
      errorPrefix: ERROR_PREFIX,
      streamName: STREAM,
      bufferingSeconds: 1,
      bufferingBytes: 1024 * 1024,
    });
    stages.push(stage);

    // Act + Assess: the flush fails and no message is deleted.
    await expect(stage.flush()).rejects.toMatchObject({ name: 'NoSuchBucket' });
    expect(await queueTotal(queueUrl)).toBe(2);
    expect(stage.stats.writeErrors).toBeGreaterThan(0);
    expect(stage.stats.objectsWritten).toBe(0);
    await expect(stage.stop()).rejects.toThrow();
  });
});
