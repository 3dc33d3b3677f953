/**
 * Poison messages for G1: real requests (written the way ingest writes them) whose only message
 * carries a schemaVersion the worker cannot read, as a newer ingest deployed before its worker
 * would send. The worker quarantines them, SQS dead-letters them after maxReceiveCount, and the
 * DLQ handler ends them FAILED_FINAL / FAILED_WORKER with an isDlq analytics event.
 */
import { SqsQueue } from '../../services/aws/participation-queue';
import { DynamoRequestStore } from '../../services/aws/request-store';
import type { RequestItem } from '../../services/common';
import { toQueueMessage } from '../../services/ingest/participate';
import type { StartedPipeline } from '../../stack/pipeline';

export async function injectPoisonRequests(
  pipeline: StartedPipeline,
  eventId: string,
  count: number,
  runTag: string,
): Promise<string[]> {
  const store = new DynamoRequestStore(pipeline.clients, pipeline.resources.tableName);
  const queue = new SqsQueue(pipeline.clients, pipeline.resources.mainQueueUrl);
  const requestIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const requestId = crypto.randomUUID();
    await store.createReceived({
      requestId,
      eventId,
      userId: `poison-${runTag}-${i + 1}`,
      eventType: 'FIRST_COME',
      requestedAt: Date.now(),
    });
    const item = (await store.getRequest(requestId)) as RequestItem;
    await queue.sendRaw(JSON.stringify({ ...toQueueMessage(item), schemaVersion: 2 }));
    await store.markQueued(item, Date.now());
    requestIds.push(requestId);
  }
  return requestIds;
}
