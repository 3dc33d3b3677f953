import { afterEach, describe, expect, it } from 'vitest';
import {
  eventually,
  provisionTestEnvironment,
  queueDepth,
  recordingLogger,
  type TestEnvironment,
  workerFor,
} from '../../test/harness';
import { SqsQueue } from '../aws/participation-queue';
import { type RequestItem, Status } from '../common';
import { toQueueMessage } from '../ingest/participate';
import { type CrashPoint, SimulatedCrashError } from './ports';
import { redriveDeadLetters } from './redrive';
import type { StartedWorker } from './worker';

const EVENT = 'EVT-WORKER';

/** Creates a request the way ingest does (RECEIVED, then QUEUED unless told otherwise). */
async function seedRequest(env: TestEnvironment, userId: string, { queue = true, send = true } = {}) {
  const requestId = crypto.randomUUID();
  const requestedAt = Date.now();
  await env.store.createReceived({ requestId, eventId: EVENT, userId, eventType: 'FIRST_COME', requestedAt });
  const received = (await env.store.getRequest(requestId)) as RequestItem;
  if (send) await new SqsQueue(env.clients, env.resources.mainQueueUrl).send(toQueueMessage(received));
  if (queue) await env.store.markQueued(received, Date.now());
  return requestId;
}

async function finalStatus(env: TestEnvironment, requestId: string) {
  return eventually(
    async () => {
      const item = await env.store.getRequest(requestId);
      return item && ['SUCCEEDED', 'REJECTED', 'FAILED_FINAL'].includes(item.status) ? item : undefined;
    },
    { what: `request ${requestId} to be final` },
  );
}

const crashAt = (point: CrashPoint) => ({
  checkpoint: (reached: CrashPoint) => {
    if (reached === point) throw new SimulatedCrashError(point);
  },
});

describe('worker on the embedded stack', () => {
  const running: StartedWorker[] = [];
  const envs: TestEnvironment[] = [];
  const environment = async (capacity: number, options: { visibilityTimeoutSeconds?: number } = {}) => {
    const env = await provisionTestEnvironment({ fixtures: [{ eventId: EVENT, capacity }], ...options });
    envs.push(env);
    return env;
  };
  const start = (env: TestEnvironment, overrides = {}) => {
    const worker = workerFor(env, {}, overrides);
    running.push(worker);
    return worker;
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((worker) => worker.stop()));
    for (const env of envs.splice(0)) env.close();
  });

  it('hands out exactly 50 seats to 200 users with three workers, and rejects the rest', async () => {
    const env = await environment(50);
    const requestIds = await Promise.all(
      Array.from({ length: 200 }, (_, i) => seedRequest(env, `user-${i}`)),
    );

    for (let i = 0; i < 3; i++) start(env);
    const finals = await Promise.all(requestIds.map((id) => finalStatus(env, id)));

    const succeeded = finals.filter((item) => item.status === Status.SUCCEEDED);
    const rejected = finals.filter((item) => item.status === Status.REJECTED);
    expect(succeeded).toHaveLength(50);
    expect(rejected).toHaveLength(150);
    expect(rejected.every((item) => item.resultCode === 'REJECTED_CAPACITY')).toBe(true);
    expect((await env.store.getCapacity(EVENT))?.capacityRemaining).toBe(0);
    await eventually(async () => ((await queueDepth(env)).total === 0 ? true : undefined), {
      what: 'the queue to drain',
    });
  });

  it('retries a message that beat the QUEUED write, and processes it only once it is QUEUED', async () => {
    const env = await environment(5);
    const requestId = await seedRequest(env, 'early-bird', { queue: false });
    start(env);

    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const stillReceived = await env.store.getRequest(requestId);
    expect(stillReceived?.status).toBe(Status.RECEIVED);
    expect(stillReceived?.startedAt).toBeUndefined();
    expect((await queueDepth(env)).total).toBe(1);

    await env.store.markQueued(stillReceived as RequestItem, Date.now());
    const final = await finalStatus(env, requestId);

    expect(final.status).toBe(Status.SUCCEEDED);
    expect(final.startedAt).toBeGreaterThanOrEqual(final.queuedAt ?? Number.POSITIVE_INFINITY);
  });

  it('deletes a duplicated message for a final request and changes nothing', async () => {
    const env = await environment(5);
    const requestId = await seedRequest(env, 'once');
    start(env);
    const final = await finalStatus(env, requestId);
    const logBefore = await env.store.getStatusLog(requestId);

    await new SqsQueue(env.clients, env.resources.mainQueueUrl).send(toQueueMessage(final));
    await eventually(async () => ((await queueDepth(env)).total === 0 ? true : undefined), {
      what: 'the duplicate to be deleted',
    });

    expect(await env.store.getRequest(requestId)).toEqual(final);
    expect(await env.store.getStatusLog(requestId)).toEqual(logBefore);
    expect((await env.store.getCapacity(EVENT))?.capacityRemaining).toBe(4);
  });

  it('sends a poison message to the DLQ after maxReceiveCount receives and fails its request', async () => {
    const env = await environment(5);
    const requestId = await seedRequest(env, 'victim', { send: false });
    const item = (await env.store.getRequest(requestId)) as RequestItem;
    const main = new SqsQueue(env.clients, env.resources.mainQueueUrl);
    // The request's own message, in a schema this worker cannot read (a newer ingest's).
    await main.sendRaw(JSON.stringify({ ...toQueueMessage(item), schemaVersion: 2 }));
    await main.sendRaw('{not json');
    const { logger, entries } = recordingLogger();
    running.push(workerFor(env, {}, {}, logger));

    const final = await finalStatus(env, requestId);
    const poisonReceives = entries.filter(
      (e) => e.msg === 'message_poison' && e.errorCode === 'MESSAGE_SCHEMA_INVALID',
    );

    expect(poisonReceives.map((e) => e.receiveCount)).toEqual(
      [1, 2, 3].slice(0, env.resources.maxReceiveCount),
    );

    expect(final).toMatchObject({
      status: 'FAILED_FINAL',
      resultCode: 'FAILED_WORKER',
      errorCode: 'DEAD_LETTERED',
    });
    expect(final.startedAt).toBeUndefined();
    const receives = Number(/receive count (\d+)/.exec(final.errorMessage ?? '')?.[1]);
    expect(receives).toBeGreaterThan(env.resources.maxReceiveCount);
    await eventually(
      async () => {
        const dlq = await queueDepth(env, env.resources.deadLetterQueueUrl);
        return dlq.total === 2 ? true : undefined;
      },
      { what: 'both poison messages to be kept in the DLQ' },
    );
    expect((await env.store.getCapacity(EVENT))?.capacityRemaining).toBe(5);
  });

  it('never processes a message whose user does not match its request, and its dead letter fails nothing', async () => {
    const env = await environment(5);
    const requestId = await seedRequest(env, 'target', { send: false });
    const item = (await env.store.getRequest(requestId)) as RequestItem;
    // Right requestId, wrong user: the worker cannot trust it, nor can the DLQ handler.
    await new SqsQueue(env.clients, env.resources.mainQueueUrl).sendRaw(
      JSON.stringify({ ...toQueueMessage(item), userId: 'someone-else' }),
    );
    const worker = start(env);

    await eventually(async () => (worker.dlqStats.unattributable > 0 ? true : undefined), {
      what: 'the dead letter to be seen',
    });

    expect(await env.store.getRequest(requestId)).toEqual(item);
    expect(worker.dlqStats.failed).toBe(0);
  });

  it('takes over a request from a worker that died after acquiring, once its lease is over', async () => {
    const env = await environment(3, { visibilityTimeoutSeconds: 2 });
    const requestId = await seedRequest(env, 'orphan');
    const doomed = start(env, crashAt('after-acquire'));
    await doomed.main.done;
    const orphaned = await env.store.getRequest(requestId);
    expect(orphaned?.status).toBe(Status.PROCESSING);

    start(env);
    const final = await finalStatus(env, requestId);

    expect(final).toMatchObject({ status: 'SUCCEEDED', attempt: 2, startedAt: orphaned?.startedAt });
    expect((await env.store.getCapacity(EVENT))?.capacityRemaining).toBe(2);
    const log = await env.store.getStatusLog(requestId);
    expect(log.map((entry) => entry.toStatus)).toEqual([
      'RECEIVED',
      'QUEUED',
      'PROCESSING',
      'PROCESSING',
      'SUCCEEDED',
    ]);
  });

  it('counts one seat when a worker dies after the seat transaction and before the delete', async () => {
    const env = await environment(3, { visibilityTimeoutSeconds: 2 });
    const requestId = await seedRequest(env, 'lucky');
    const doomed = start(env, crashAt('after-capacity-transaction'));
    await doomed.main.done;
    expect((await queueDepth(env)).notVisible).toBe(1);

    start(env);
    await eventually(async () => ((await queueDepth(env)).total === 0 ? true : undefined), {
      what: 'the redelivered message to be deleted',
    });

    expect((await env.store.getRequest(requestId))?.status).toBe(Status.SUCCEEDED);
    expect((await env.store.getCapacity(EVENT))?.capacityRemaining).toBe(2);
  });

  it('moves dead letters back to the main queue when an operator redrives them', async () => {
    const env = await environment(5);
    const requestId = await seedRequest(env, 'redriven', { send: false });
    const item = (await env.store.getRequest(requestId)) as RequestItem;
    const main = new SqsQueue(env.clients, env.resources.mainQueueUrl);
    const dlq = new SqsQueue(env.clients, env.resources.deadLetterQueueUrl);
    await main.sendRaw(JSON.stringify({ ...toQueueMessage(item), schemaVersion: 2 }));
    const first = start(env);
    await finalStatus(env, requestId);
    await first.stop();
    running.splice(running.indexOf(first), 1);
    // The DLQ handler hid the dead letter for a while after failing its request: the redrive
    // waits for it instead of stopping at the first empty receive.
    const report = await redriveDeadLetters(dlq, main, { limit: 10, patienceMs: 30_000 });

    expect(report.moved).toBe(1);
    expect((await queueDepth(env, env.resources.deadLetterQueueUrl)).total).toBe(0);
    expect((await queueDepth(env)).total).toBe(1);
  });

  it('stops gracefully: in-flight work finishes and nothing unfinished is deleted', async () => {
    const env = await environment(100);
    const requestIds = await Promise.all(
      Array.from({ length: 60 }, (_, i) => seedRequest(env, `graceful-${i}`)),
    );
    const worker = start(env);
    await eventually(async () => (worker.main.stats.deleted > 5 ? true : undefined), {
      what: 'some progress',
    });

    await worker.stop();

    const items = await Promise.all(requestIds.map((id) => env.store.getRequest(id)));
    const finished = items.filter((i) => i?.status === Status.SUCCEEDED).length;
    const untouched = items.filter((i) => i?.status === Status.QUEUED).length;
    expect(finished + untouched).toBe(60);
    expect(finished).toBe(worker.main.stats.deleted);
    expect((await queueDepth(env)).total).toBe(untouched);
  });
});
