/**
 * Fresh events and requests on a shared test table, written the way ingest writes them. Each
 * property run takes a new eventId, so runs never see each other's seats or requests.
 */
import type { DynamoRequestStore } from '../../services/aws/request-store';
import type { RequestItem } from '../../services/common';
import { putCapacityFixture } from '../../stack/provision';
import type { TestEnvironment } from '../harness';

let runs = 0;

/** A new event with `capacity` seats; the id is unique per process and run. */
export async function seedEvent(env: TestEnvironment, prefix: string, capacity: number, now: number) {
  const eventId = `${prefix}-${process.pid}-${++runs}-${Math.random().toString(36).slice(2, 8)}`;
  await putCapacityFixture(env.clients, env.resources.tableName, { eventId, capacity }, now, {
    overwrite: true,
  });
  return eventId;
}

/** RECEIVED at `requestedAt` (lock, item and log together), then QUEUED at `queuedAt` if given. */
export async function seedRequest(
  store: DynamoRequestStore,
  args: { eventId: string; userId: string; requestedAt: number; queuedAt?: number },
): Promise<RequestItem> {
  const requestId = crypto.randomUUID();
  const { eventId, userId, requestedAt } = args;
  const created = await store.createReceived({
    requestId,
    eventId,
    userId,
    eventType: 'FIRST_COME',
    requestedAt,
  });
  if (created.kind !== 'created') throw new Error(`seed: ${eventId}/${userId} already has a request`);
  const received = await store.getRequest(requestId);
  if (!received) throw new Error(`seed: request ${requestId} vanished`);
  if (args.queuedAt === undefined) return received;
  const queued = await store.markQueued(received, args.queuedAt);
  if (queued.kind !== 'done') throw new Error(`seed: request ${requestId} could not be queued`);
  return { ...received, status: 'QUEUED', queuedAt: args.queuedAt };
}
