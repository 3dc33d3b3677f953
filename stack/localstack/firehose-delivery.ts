/**
 * G1's delivery on LocalStack, shaped like the embedded delivery stage (StartedDeliveryStage) so
 * a run can take either: there the stage buffers and writes, here LocalStack's real Firehose
 * writes each record shortly after it arrives (its buffering hints are ignored), so flush() only
 * waits until the bucket has stopped changing, or holds the records it was told to expect:
 *
 *   flush: list events/ every settleIntervalMs
 *          expected new objects there? done.  no change for quietMs? done.  settleTimeoutMs: done.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import type { FirehoseClient } from '@aws-sdk/client-firehose';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { AwsClients } from '../../services/aws/clients';
import {
  emptyDeliveryStats,
  type FlushReport,
  type StartedDeliveryStage,
  type WrittenObject,
} from '../embedded/delivery/delivery-stage';
import { RecordKind } from '../embedded/delivery/firehose-buffer';
import type { ResourceDefinition } from '../resources';
import { type ProvisionedDelivery, provisionLocalStackDelivery } from './provision-delivery';

export interface LocalStackDelivery extends StartedDeliveryStage {
  readonly provisioned: ProvisionedDelivery;
  /** With expectedRecords, returns as soon as that many new objects are there. */
  flush(expectedRecords?: number): Promise<FlushReport>;
}

export interface LocalStackDeliveryOptions {
  readonly settleIntervalMs?: number;
  /** No new object for this long: delivery is over (LocalStack lags a second or so). */
  readonly quietMs?: number;
  readonly settleTimeoutMs?: number;
}

export async function startLocalStackDelivery(
  clients: AwsClients,
  firehose: FirehoseClient,
  definition: ResourceDefinition,
  { settleIntervalMs = 500, quietMs = 3_000, settleTimeoutMs = 60_000 }: LocalStackDeliveryOptions = {},
): Promise<LocalStackDelivery> {
  const provisioned = await provisionLocalStackDelivery(clients, firehose, definition);
  const errorPrefix = definition.analytics.deliveryStream.errorPrefix;
  const before = new Set(await listKeys(clients, provisioned.bucket));
  const reported = new Set<string>();
  const stats = emptyDeliveryStats();

  const isNew = (key: string) => !before.has(key) && !reported.has(key);

  async function flush(expectedRecords?: number): Promise<FlushReport> {
    const deadline = Date.now() + settleTimeoutMs;
    let previous = await listKeys(clients, provisioned.bucket);
    let changedAt = Date.now();
    for (;;) {
      if (expectedRecords !== undefined && previous.filter(isNew).length >= expectedRecords) break;
      if (Date.now() - changedAt >= quietMs || Date.now() >= deadline) break;
      await sleep(settleIntervalMs);
      const current = await listKeys(clients, provisioned.bucket);
      if (current.length !== previous.length || current.some((key, i) => key !== previous[i]))
        changedAt = Date.now();
      previous = current;
    }
    const objects: WrittenObject[] = [];
    for (const key of previous.filter(isNew)) {
      reported.add(key);
      // LocalStack writes one object per record (known deviation firehose-one-object-per-record).
      const kind = key.startsWith(errorPrefix) ? RecordKind.ERROR : RecordKind.DELIVERED;
      objects.push({ kind, key, records: 1 });
    }
    const delivered = objects.filter((object) => object.kind === RecordKind.DELIVERED).length;
    stats.recordsDelivered += delivered;
    stats.errorRecords += objects.length - delivered;
    stats.objectsWritten += objects.length;
    stats.keysWritten.push(...objects.map((object) => object.key));
    return { objects, recordsDelivered: delivered, errorRecords: objects.length - delivered };
  }

  return {
    provisioned,
    stats,
    flush,
    // Nothing of ours runs: the delivery stream belongs to LocalStack.
    async stop() {
      await flush();
    },
  };
}

async function listKeys(clients: AwsClients, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await clients.s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: 'events/',
        ...(token ? { ContinuationToken: token } : {}),
      }),
    );
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
}
