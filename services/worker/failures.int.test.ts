/**
 * Failures after acquire, dead letters and redrive, on the embedded stack. Faults the emulators
 * never produce on their own (a TransactionConflict at a chosen moment) come from the team's
 * fault proxy in front of the real DynamoDB engine; a failure no retry can fix is a real one (a
 * call to a table that does not exist).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type ProxiedClients, proxiedClients } from '../../test/fault-proxy-clients';
import {
  eventually,
  provisionTestEnvironment,
  queueDepth,
  recordingLogger,
  silentLogger,
  type TestEnvironment,
  workerConfigFor,
  workerFor,
} from '../../test/harness';
import type { AwsClients } from '../aws/clients';
import { SqsQueue } from '../aws/participation-queue';
import { DynamoRequestStore } from '../aws/request-store';
import { isFinalStatus, type RequestItem, Status } from '../common';
import { toQueueMessage } from '../ingest/participate';
import type { CallOptions, FinishOutcome } from './ports';
import type { ParticipationPublisher } from './publisher';
import { redriveDeadLetters } from './redrive';
import { type StartedWorker, startWorker, type WorkerOverrides } from './worker';

const EVENT = 'EVT-FAIL';

/** A RECEIVED request of `userId` written by the reference store, as it reads back. */
async function createRequest(env: TestEnvironment, userId: string): Promise<RequestItem> {
  const requestId = crypto.randomUUID();
  await env.store.createReceived({
    requestId,
    eventId: EVENT,
    userId,
    eventType: 'FIRST_COME',
    requestedAt: Date.now(),
  });
  return (await env.store.getRequest(requestId)) as RequestItem;
}

async function seedQueued(env: TestEnvironment, userId: string, body?: (item: RequestItem) => string) {
  const item = await createRequest(env, userId);
  await new SqsQueue(env.clients, env.resources.mainQueueUrl).sendRaw(
    body ? body(item) : JSON.stringify(toQueueMessage(item)),
  );
  await env.store.markQueued(item, Date.now());
  return item.requestId;
}

async function finalItem(env: TestEnvironment, requestId: string, timeoutMs = 30_000) {
  return eventually(
    async () => {
      const item = await env.store.getRequest(requestId);
      return item && isFinalStatus(item.status) ? item : undefined;
    },
    { what: `request ${requestId} to be final`, timeoutMs },
  );
}

/** The reference store, except that its final transaction goes to a table that does not exist. */
class MissingTableFinishStore extends DynamoRequestStore {
  private readonly nowhere: DynamoRequestStore;
  constructor(clients: AwsClients, tableName: string) {
    super(clients, tableName);
    this.nowhere = new DynamoRequestStore(clients, `${tableName}-missing`);
  }
  override finishFirstCome(request: RequestItem, now: number, options?: CallOptions): Promise<FinishOutcome> {
    return this.nowhere.finishFirstCome(request, now, options);
  }
}

function recordingPublisher() {
  const events: { requestId: string; status: string; isDlq: boolean }[] = [];
  const publisher: ParticipationPublisher = {
    async published(item, delivery) {
      events.push({ requestId: item.requestId, status: item.status, isDlq: delivery.isDlq });
    },
  };
  return { publisher, events };
}

describe('worker failures after acquire, dead letters and redrive', () => {
  const running: StartedWorker[] = [];
  const envs: TestEnvironment[] = [];
  const proxies: ProxiedClients[] = [];
  const environment = async (capacity: number, visibilityTimeoutSeconds = 5) => {
    const env = await provisionTestEnvironment({
      fixtures: [{ eventId: EVENT, capacity }],
      visibilityTimeoutSeconds,
    });
    envs.push(env);
    return env;
  };
  const start = (
    env: TestEnvironment,
    config: Record<string, string> = {},
    overrides: WorkerOverrides = {},
  ) => {
    const worker = workerFor(env, config, overrides);
    running.push(worker);
    return worker;
  };
  /** A worker whose DynamoDB calls go through a fault proxy. */
  const startProxied = async (
    env: TestEnvironment,
    config: Record<string, string>,
    overrides: (proxy: ProxiedClients) => WorkerOverrides,
    logger = silentLogger,
  ) => {
    const proxied = await proxiedClients('dynamodb', () => 0);
    proxies.push(proxied);
    const parsed = workerConfigFor(env, { CONCURRENCY: '4', ...config });
    const worker = startWorker(parsed, proxied.clients, logger, overrides(proxied));
    running.push(worker);
    return { worker, proxied };
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((worker) => worker.stop()));
    await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
    for (const env of envs.splice(0)) env.close();
  });

  it('ends a request FAILED_FINAL / FAILED_WORKER in its first lease when a non-retryable error follows acquire', async () => {
    const env = await environment(3);
    const requestId = await seedQueued(env, 'doomed');
    const { publisher, events } = recordingPublisher();

    start(env, {}, { store: new MissingTableFinishStore(env.clients, env.resources.tableName), publisher });
    const final = await finalItem(env, requestId);

    expect(final).toMatchObject({
      status: Status.FAILED_FINAL,
      resultCode: 'FAILED_WORKER',
      failureClass: 'NON_RETRYABLE',
      attempt: 1,
    });
    expect(final.errorCode).toBeTruthy();
    expect(events).toEqual([{ requestId, status: Status.FAILED_FINAL, isDlq: false }]);
    await eventually(async () => ((await queueDepth(env)).total === 0 ? true : undefined), {
      what: 'the message to be deleted',
    });
    expect((await env.store.getCapacity(EVENT))?.capacityRemaining).toBe(3);
  });

  it('retries a transaction conflict after acquire inside the lease: one attempt, one delivery', async () => {
    const env = await environment(3);
    const requestId = await seedQueued(env, 'conflicted');
    const { logger, entries } = recordingLogger();
    let proxy: ProxiedClients | undefined;
    // From acquire on, the next two transactions (the seat transaction and its first retry) are
    // cancelled with a TransactionConflict, as real DynamoDB does on the hot capacity item.
    await startProxied(
      env,
      {},
      (proxied) => {
        proxy = proxied;
        return {
          checkpoint: (point) => {
            if (point === 'after-acquire') proxied.proxy.setFault({ kind: 'transaction-conflict', rate: 1 });
          },
        };
      },
      logger,
    );
    const watch = setInterval(() => {
      if ((proxy?.proxy.stats.conflicts ?? 0) >= 2) proxy?.proxy.setFault(undefined);
    }, 1);

    const final = await finalItem(env, requestId);
    clearInterval(watch);

    expect(proxy?.proxy.stats.conflicts).toBeGreaterThanOrEqual(2);
    expect(final).toMatchObject({ status: Status.SUCCEEDED, attempt: 1 });
    expect(entries.filter((e) => e.msg === 'request_retry_in_lease').length).toBeGreaterThanOrEqual(2);
    expect(entries.filter((e) => e.msg === 'message_retryable_failure')).toEqual([]);
    const log = await env.store.getStatusLog(requestId);
    expect(log.map((entry) => entry.toStatus)).toEqual(['RECEIVED', 'QUEUED', 'PROCESSING', 'SUCCEEDED']);
  });

  it('retries an acquire cancelled by a TransactionConflict in place: no receive spent, one attempt', async () => {
    const env = await environment(3);
    const requestId = await seedQueued(env, 'conflicted-acquire');
    const { logger, entries } = recordingLogger();
    // From the start, the next two transactions (the acquire and its first retry) are cancelled.
    const { proxied } = await startProxied(env, {}, () => ({}), logger);
    proxied.proxy.setFault({ kind: 'transaction-conflict', rate: 1 });
    const watch = setInterval(() => {
      if (proxied.proxy.stats.conflicts >= 2) proxied.proxy.setFault(undefined);
    }, 1);

    const final = await finalItem(env, requestId);
    clearInterval(watch);

    expect(proxied.proxy.stats.conflicts).toBeGreaterThanOrEqual(2);
    expect(final).toMatchObject({ status: Status.SUCCEEDED, attempt: 1 });
    const retries = entries.filter((e) => e.msg === 'retry_before_acquire');
    expect(retries.length).toBeGreaterThanOrEqual(2);
    expect(retries.every((e) => e.what === 'acquire')).toBe(true);
    expect(entries.filter((e) => e.msg === 'message_retryable_failure')).toEqual([]);
  });

  it('gives the lease back with the failure kept when conflicts outlast the retries, and the next delivery takes over', async () => {
    const env = await environment(3);
    const requestId = await seedQueued(env, 'persistent');
    let conflictsAtAcquire = Number.POSITIVE_INFINITY;
    let proxy: ProxiedClients | undefined;
    await startProxied(env, {}, (proxied) => {
      proxy = proxied;
      return {
        checkpoint: (point) => {
          if (point !== 'after-acquire' || conflictsAtAcquire !== Number.POSITIVE_INFINITY) return;
          conflictsAtAcquire = proxied.proxy.stats.conflicts;
          proxied.proxy.setFault({ kind: 'transaction-conflict', rate: 1 });
        },
      };
    });
    // The first attempt's transactions all conflict; once it has given up, the fault heals.
    const released = await eventually(
      async () => {
        const item = await env.store.getRequest(requestId);
        return item?.lastFailure ? item : undefined;
      },
      { what: 'the lease to be given back' },
    );
    proxy?.proxy.setFault(undefined);
    const final = await finalItem(env, requestId);

    expect(released).toMatchObject({ status: Status.PROCESSING, attempt: 1 });
    expect(released.lastFailure).toMatchObject({ failureClass: 'RETRYABLE', attempt: 1 });
    expect(released.leaseExpiresAt).toBe(released.lastFailure?.at);
    expect(final).toMatchObject({ status: Status.SUCCEEDED, attempt: 2 });
  });

  it('re-sends no copy for a delivery that outlived its lease while another finished the request', async () => {
    // Prepare: a lease and a visibility timeout of about a second, and a first attempt that
    // pauses after acquiring until the redelivery has taken the request over and finished it
    const env = await environment(3, 2);
    const requestId = await seedQueued(env, 'overtaken');
    const { publisher, events } = recordingPublisher();
    let paused = false;
    let resumed = false;
    const worker = start(
      env,
      { LEASE_MS: '1500', VISIBILITY_TIMEOUT_SECONDS: '2', CONCURRENCY: '2' },
      {
        publisher,
        checkpoint: async (point) => {
          if (point !== 'after-acquire' || paused) return;
          paused = true;
          await finalItem(env, requestId);
          resumed = true;
        },
      },
    );

    const final = await finalItem(env, requestId);
    // The stale attempt answers once resumed, past its lease and with no budget left to write.
    const answered = () => worker.main.stats.deleted + worker.main.stats.left + worker.main.stats.requeued;
    await eventually(async () => (resumed && answered() >= 2 ? true : undefined), {
      what: 'the stale delivery to be answered',
    });

    expect(final).toMatchObject({ status: Status.SUCCEEDED, attempt: 2 });
    expect(worker.main.stats).toMatchObject({ deleted: 1, left: 1, requeued: 0 });
    expect((await queueDepth(env)).total).toBe(0);
    expect(events).toEqual([{ requestId, status: Status.SUCCEEDED, isDlq: false }]);
  });

  it('keeps a forged dead letter unattributable and changes no healthy request', async () => {
    const env = await environment(3);
    const item = await createRequest(env, 'healthy');
    const { requestId } = item;
    await env.store.markQueued(item, Date.now());
    const dlq = new SqsQueue(env.clients, env.resources.deadLetterQueueUrl);
    // Well-formed requestIds of a real request, but the rest of the letter is not that request's.
    await dlq.sendRaw(JSON.stringify({ requestId }));
    await dlq.sendRaw(JSON.stringify({ ...toQueueMessage(item), userId: 'someone-else' }));

    const worker = start(env);
    await eventually(async () => (worker.dlqStats.unattributable >= 2 ? true : undefined), {
      what: 'both forged letters to be seen',
    });

    expect(worker.dlqStats.failed).toBe(0);
    expect((await env.store.getRequest(requestId))?.status).toBe(Status.QUEUED);
  });

  it('fails a dead-lettered request with the last failure an attempt kept, not a generic cause', async () => {
    const env = await environment(3);
    const received = await createRequest(env, 'worn-out');
    const { requestId } = received;
    await env.store.markQueued(received, Date.now());
    const queued = (await env.store.getRequest(requestId)) as RequestItem;
    await env.store.acquire(queued, Date.now(), 5_000, 'earlier-worker');
    const held = (await env.store.getRequest(requestId)) as RequestItem;
    const cause = {
      failureClass: 'RETRYABLE',
      errorCode: 'ProvisionedThroughputExceededException',
      errorMessage: 'slow down',
    } as const;
    await env.store.releaseLease(held, Date.now(), cause);
    await new SqsQueue(env.clients, env.resources.deadLetterQueueUrl).sendRaw(
      JSON.stringify(toQueueMessage(held)),
    );

    start(env);
    const final = await finalItem(env, requestId);

    expect(final).toMatchObject({
      status: Status.FAILED_FINAL,
      resultCode: 'FAILED_WORKER',
      deadLettered: true,
      ...cause,
    });
  });

  it('redrives every letter the DLQ handler holds invisible, and a republish of a dead-lettered request says isDlq', async () => {
    const env = await environment(3, 2);
    // A message of a schema this worker cannot read (a newer ingest's), for a real request.
    const poisoned = await seedQueued(env, 'poisoned', (item) =>
      JSON.stringify({ ...toQueueMessage(item), schemaVersion: 2 }),
    );
    const others = await Promise.all(
      ['p2', 'p3'].map((user) =>
        seedQueued(env, user, (item) => JSON.stringify({ ...toQueueMessage(item), schemaVersion: 2 })),
      ),
    );
    const { publisher, events } = recordingPublisher();
    const worker = start(env, {}, { publisher });
    const failed = await Promise.all([poisoned, ...others].map((id) => finalItem(env, id, 60_000)));
    expect(failed.map((item) => item.resultCode)).toEqual([
      'FAILED_WORKER',
      'FAILED_WORKER',
      'FAILED_WORKER',
    ]);
    expect(failed.every((item) => item.deadLettered === true)).toBe(true);
    // The handler now holds all three letters invisible for a while: an empty receive is not the end.
    await eventually(
      async () => {
        const depth = await queueDepth(env, env.resources.deadLetterQueueUrl);
        return depth.visible === 0 && depth.notVisible === 3 ? true : undefined;
      },
      { what: 'the handler to hold the three letters' },
    );
    await worker.stop();
    running.splice(running.indexOf(worker), 1);

    const report = await redriveDeadLetters(
      new SqsQueue(env.clients, env.resources.deadLetterQueueUrl),
      new SqsQueue(env.clients, env.resources.mainQueueUrl),
      { limit: 100, patienceMs: 60_000 },
    );

    expect(report).toMatchObject({ moved: 3, remaining: { visible: 0, inFlight: 0 }, stoppedBy: 'empty' });
    expect([...report.requestIds].sort()).toEqual([poisoned, ...others].sort());
    // Redriven letters still cannot be read; a correct copy for a final request is republished.
    const main = new SqsQueue(env.clients, env.resources.mainQueueUrl);
    await main.sendRaw(JSON.stringify(toQueueMessage(failed[0] as RequestItem)));
    events.splice(0);
    start(env, { DLQ_HANDLER: 'off' }, { publisher });
    await eventually(async () => (events.some((e) => e.requestId === poisoned) ? true : undefined), {
      what: 'the republish of the final request',
    });
    expect(events.filter((e) => e.requestId === poisoned)).toEqual([
      { requestId: poisoned, status: Status.FAILED_FINAL, isDlq: true },
    ]);
  });
});
