/**
 * The LocalStack target on the host (no Docker): LocalStack for SQS, S3, EventBridge, Firehose,
 * ministack for DynamoDB. Proves the existing provisioning converges on it, that G1's real
 * delivery path delivers the detail, and that the deviations recorded as data are what this
 * LocalStack really does (if a release fixes one, this test says the data is stale).
 */

import { join } from 'node:path';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsClients, createAwsClients } from '../../services/aws/clients';
import { renderTemplate } from '../cloudformation/render-template';
import { inventoryFromTemplate, readInventory } from '../cloudformation/template-inventory';
import { provision } from '../provision';
import { defineResources } from '../resources';
import { deviationsAffecting } from '../target-deviations';
import { startLocalStackDelivery } from './firehose-delivery';
import { probeDocker, startLocalStackContainer } from './localstack-container';
import { type StartedLocalStackTarget, startLocalStackTarget } from './localstack-target';
import { provisionLocalStackDelivery } from './provision-delivery';

const root = join(import.meta.dirname, '../..');
const docker = await probeDocker();

describe('LocalStack target on the host', () => {
  let target: StartedLocalStackTarget;
  let clients: AwsClients;
  let firehose: FirehoseClient;
  const definition = defineResources({ namePrefix: `lst${process.pid}-`, maxReceiveCount: 3 });

  beforeAll(async () => {
    target = await startLocalStackTarget({
      root,
      runDir: join(root, '.stack', 'test-localstack'),
      runtime: 'host',
      baseEnv: process.env,
    });
    clients = createAwsClients(target.target, { maxAttempts: 1 });
    firehose = new FirehoseClient({
      region: target.target.region,
      endpoint: target.harnessEndpoints.firehose,
      ...(target.target.credentials ? { credentials: target.target.credentials } : {}),
    });
  });
  afterAll(async () => {
    clients?.destroy();
    firehose?.destroy();
    await target?.stop();
  });

  it('takes the same provisioning as the embedded stack: the resources read back as the template describes', async () => {
    await provision(clients, definition);
    await provisionLocalStackDelivery(clients, firehose, definition);

    const live = await readInventory(clients, definition);

    const template = renderTemplate(definition, { parts: { table: true, athena: false } });
    expect(live).toEqual(inventoryFromTemplate(template));
    expect(target.target.endpoints.dynamodb).not.toBe(target.target.endpoints.sqs);
    expect(target.versions).toMatchObject({ localstack: expect.stringMatching(/^(2026\.3\.0|4\.9\.2)$/) });
  });

  it('delivers only the detail of matched events through its real Firehose, with its known deviations', async () => {
    const delivery = await startLocalStackDelivery(clients, firehose, definition, { settleIntervalMs: 200 });
    const details = [1, 2].map((n) => ({ schemaVersion: 1, requestId: `req-${process.pid}-${n}` }));
    const { FailedEntryCount } = await clients.eventbridge.send(
      new PutEventsCommand({
        Entries: [
          ...details.map((detail) => ({
            Source: definition.analytics.rule.pattern.source?.[0],
            DetailType: 'ParticipationProcessed',
            Detail: JSON.stringify(detail),
          })),
          {
            Source: 'someone.else',
            DetailType: 'ParticipationProcessed',
            Detail: '{"requestId":"not-ours"}',
          },
        ],
      }),
    );
    expect(FailedEntryCount).toBe(0);

    const flushed = await delivery.flush(details.length);

    const bucket = definition.analytics.bucket.name;
    const objects = await Promise.all(
      flushed.objects.map(async ({ key }) => {
        const { Body } = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return { key, body: (await Body?.transformToString()) ?? '' };
      }),
    );
    expect(flushed.recordsDelivered).toBe(2);
    expect(
      objects.map((object) => JSON.parse(object.body)).sort((a, b) => a.requestId.localeCompare(b.requestId)),
    ).toEqual(details);
    // The deviations this target is recorded with, as LocalStack shows them:
    const ids = new Set(target.deviations.map((deviation) => deviation.id));
    expect(ids).toContain('firehose-no-record-delimiter');
    expect(objects.every((object) => !object.body.endsWith('\n'))).toBe(true);
    expect(ids).toContain('firehose-timestamp-prefix-not-expanded');
    expect(
      objects.every((object) =>
        object.key.startsWith('events/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/'),
      ),
    ).toBe(true);
    expect(ids).toContain('firehose-one-object-per-record');
    expect(
      deviationsAffecting(target.deviations, 'I6a')
        .map((deviation) => deviation.id)
        .sort(),
    ).toEqual(['firehose-no-record-delimiter', 'firehose-timestamp-prefix-not-expanded']);
  });

  it('leaves no process behind once stopped', async () => {
    const pids = target.children.map((child) => child.pid);
    expect(pids).toHaveLength(2);

    await target.stop();

    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });
});

describe('LocalStack in Docker', () => {
  it.runIf(!docker.available)(
    'is skipped with one line saying why where no Docker engine answers',
    async () => {
      const result = await startLocalStackContainer();

      expect(result.started).toBe(false);
      expect(result.started ? '' : result.skipped).toMatch(
        /^LocalStack in Docker \(localstack\/localstack:4\.9\.2\): skipped, no Docker engine answers \(.+\)$/,
      );
    },
  );

  it.runIf(docker.available)('starts the pinned image where a Docker engine answers', async () => {
    const result = await startLocalStackContainer();
    if (!result.started) throw new Error(result.skipped);
    await using localstack = result.localstack;

    const health = await fetch(`${localstack.endpoint}/_localstack/health`);

    expect(health.status).toBe(200);
  });
});
