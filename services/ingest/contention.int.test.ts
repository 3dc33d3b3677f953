/**
 * Ingest under contention, on the embedded stack: a storm of one user's duplicates, the hot path's
 * calls, a TransactionConflict on the lock, the lock's TTL, the sweep's reads, the edge rate limit
 * and the OpenAPI document. Which calls a service makes is proven by recording the SDK's commands.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { proxiedClients } from '../../test/fault-proxy-clients';
import {
  ingestFor,
  login,
  participateAs,
  queueDepth,
  recordCommands,
  silentLogger,
  TEST_SECRETS,
} from '../../test/harness';
import { useIngestEnvironment, useTestEnvironment } from '../../test/suite-environment';
import { SqsQueue } from '../aws/participation-queue';
import { DynamoRequestStore } from '../aws/request-store';
import { lockKey, outboxKey, requestKey, Status, systemClock } from '../common';
import { IngestConfigSchema } from './config';
import { runRecoverySweep } from './recovery-sweep';
import { startIngest } from './server';

const EVENT = 'EVT-STORM';
const ENDING = 'EVT-ENDING';
const DAY_MS = 24 * 3600 * 1000;

describe('ingest under contention', () => {
  const suite = useIngestEnvironment({
    fixtures: [
      { eventId: EVENT, capacity: 10 },
      { eventId: ENDING, capacity: 10, endsAt: Date.now() + 30 * DAY_MS },
    ],
  });

  it('creates a request with one lock read, one transaction, one send and the QUEUED write: no read back', async () => {
    const token = await login(suite.ingest.url, 'hot-path');
    const recorder = recordCommands(suite.env.clients.documents);

    const answer = await participateAs(suite.ingest.url, token, EVENT);

    expect(answer.status).toBe(202);
    const requestId = String(answer.body.requestId);
    // (The event catalog's read of the capacity item is cached and not part of the request's path.)
    const reads = recorder.commands
      .filter((c) => c.name === 'GetItemCommand')
      .map((c) => c.input.Key as { SK: string })
      .filter((key) => key.SK !== 'CAPACITY');
    expect(reads).toEqual([lockKey(EVENT, 'hot-path')]);
    expect(reads).not.toContainEqual(requestKey(requestId));
    expect(recorder.commands.filter((c) => c.name === 'TransactWriteItemsCommand')).toHaveLength(2);
    expect((await suite.env.store.getRequest(requestId))?.status).toBe(Status.QUEUED);
  });

  it("answers a storm of one user's duplicates without a transaction, and without any call once settled", async () => {
    const token = await login(suite.ingest.url, 'storm');
    const first = await participateAs(suite.ingest.url, token, EVENT);
    const before = await queueDepth(suite.env);
    const recorder = recordCommands(suite.env.clients.documents);

    const answers = await Promise.all(
      Array.from({ length: 200 }, () => participateAs(suite.ingest.url, token, EVENT)),
    );

    expect(answers.map((a) => a.status)).toEqual(Array(200).fill(202));
    expect(new Set(answers.map((a) => a.body.requestId))).toEqual(new Set([first.body.requestId]));
    // This ingest queued the request itself: it knows the lock cannot name another one.
    // (The event catalog may refresh its cached capacity item meanwhile: not part of the duplicates.)
    const calls = recorder.commands.filter(
      (c) => (c.input.Key as { SK?: string } | undefined)?.SK !== 'CAPACITY',
    );
    expect(calls).toEqual([]);
    expect((await queueDepth(suite.env)).visible - before.visible).toBe(0);
  });

  it("answers another ingest's duplicates of a young request with reads only: no write, no message", async () => {
    const token = await login(suite.ingest.url, 'storm-elsewhere');
    const first = await participateAs(suite.ingest.url, token, EVENT);
    const requestId = String(first.body.requestId);
    // Another process: it has not seen the request, and the request is younger than healAfterMs.
    const other = await ingestFor(suite.env, { HEAL_AFTER_MS: '60000' });
    const before = await queueDepth(suite.env);
    const recorder = recordCommands(suite.env.clients.documents);

    const answers = await Promise.all(
      Array.from({ length: 50 }, () => participateAs(other.url, token, EVENT)),
    );
    await other.stop();

    expect(new Set(answers.map((a) => a.body.requestId))).toEqual(new Set([requestId]));
    // A duplicate reads the lock, then the request (QUEUED: its 202 may follow); once one has seen
    // it queued, the rest are answered from memory. Nothing is written.
    expect(recorder.commands.map((c) => c.name).filter((name) => name !== 'GetItemCommand')).toEqual([]);
    const keys = recorder.commands
      .map((c) => c.input.Key as { SK: string })
      .filter((key) => key.SK !== 'CAPACITY')
      .map((key) => JSON.stringify(key));
    expect(new Set(keys)).toEqual(
      new Set([JSON.stringify(lockKey(EVENT, 'storm-elsewhere')), JSON.stringify(requestKey(requestId))]),
    );
    expect((await queueDepth(suite.env)).visible - before.visible).toBe(0);
  });

  it('answers a duplicate of a request its first call left RECEIVED only once it has queued it', async () => {
    // The first call died after step 2: the lock and a RECEIVED request, no message.
    const requestId = crypto.randomUUID();
    await suite.env.store.createReceived({
      requestId,
      eventId: EVENT,
      userId: 'left-received',
      eventType: 'FIRST_COME',
      requestedAt: Date.now(),
    });
    const other = await ingestFor(suite.env, { HEAL_AFTER_MS: '60000' });
    const token = await login(other.url, 'left-received');

    const answer = await participateAs(other.url, token, EVENT);
    await other.stop();

    expect(answer.status).toBe(202);
    expect(answer.body.requestId).toBe(requestId);
    expect((await suite.env.store.getRequest(requestId))?.status).toBe(Status.QUEUED);
  });

  it('answers a create cancelled by a TransactionConflict on the lock with the requestId of the lock', async () => {
    // Every TransactWriteItems through this proxy is cancelled with a conflict on item 0, the lock.
    const conflicted = await proxiedClients('dynamodb', () => 0);
    conflicted.proxy.setFault({ kind: 'transaction-conflict', rate: 1 });
    const racer = new DynamoRequestStore(conflicted.clients, suite.env.resources.tableName);
    const winner = crypto.randomUUID();
    await suite.env.store.createReceived({
      requestId: winner,
      eventId: EVENT,
      userId: 'racer',
      eventType: 'FIRST_COME',
      requestedAt: Date.now(),
    });

    const outcome = await racer.createReceived({
      requestId: crypto.randomUUID(),
      eventId: EVENT,
      userId: 'racer',
      eventType: 'FIRST_COME',
      requestedAt: Date.now(),
    });
    await conflicted.close();

    expect(conflicted.proxy.stats.conflicts).toBe(1);
    expect(outcome).toEqual({ kind: 'duplicate', existingRequestId: winner });
  });

  it('answers 503 with Retry-After when a conflicting create never commits a lock', async () => {
    const conflicted = await proxiedClients('dynamodb', () => 0);
    conflicted.proxy.setFault({ kind: 'transaction-conflict', rate: 1 });
    const lonely = await startIngest(
      IngestConfigSchema.parse({
        PORT: '0',
        TABLE_NAME: suite.env.resources.tableName,
        QUEUE_URL: suite.env.resources.mainQueueUrl,
        SWEEP_INTERVAL_MS: '0',
        ...TEST_SECRETS,
      }),
      conflicted.clients,
      silentLogger,
    );
    const token = await login(lonely.url, 'lonely');

    const answer = await participateAs(lonely.url, token, EVENT);
    await lonely.stop();
    await conflicted.close();

    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(await suite.env.store.getLockedRequestId(EVENT, 'lonely')).toBeUndefined();
  });

  it('keeps the lock of an event without an end date (no TTL) and of an ending one until end + 7 days', async () => {
    const token = await login(suite.ingest.url, 'ttl-user');
    await participateAs(suite.ingest.url, token, EVENT);
    await participateAs(suite.ingest.url, token, ENDING);
    const endsAt = (await suite.env.store.getCapacity(ENDING))?.endsAt as number;

    const read = async (eventId: string) =>
      (
        await suite.env.clients.documents.send(
          new GetCommand({ TableName: suite.env.resources.tableName, Key: lockKey(eventId, 'ttl-user') }),
        )
      ).Item;

    expect(await read(EVENT)).not.toHaveProperty('ttl');
    expect((await read(ENDING))?.ttl).toBe(Math.floor((endsAt + 7 * DAY_MS) / 1000));
  });
});

describe('recovery sweep', () => {
  const suite = useTestEnvironment({ fixtures: [{ eventId: EVENT, capacity: 10 }] });

  it('finds stuck requests with Queries of the outbox, never a Scan, and heals each despite a bad one', async () => {
    const requestedAt = Date.now() - 60_000;
    const stuck = Array.from({ length: 5 }, () => crypto.randomUUID());
    for (const [i, requestId] of stuck.entries()) {
      await suite.env.store.createReceived({
        requestId,
        eventId: EVENT,
        userId: `stuck-${i}`,
        eventType: 'FIRST_COME',
        requestedAt: requestedAt + i,
      });
    }
    // A request item that no longer matches its schema, with its outbox entry: its read throws.
    const broken = crypto.randomUUID();
    await suite.env.clients.documents.send(
      new PutCommand({
        TableName: suite.env.resources.tableName,
        Item: { ...requestKey(broken), entityType: 'REQUEST', status: Status.RECEIVED, requestId: broken },
      }),
    );
    await suite.env.clients.documents.send(
      new PutCommand({
        TableName: suite.env.resources.tableName,
        Item: { ...outboxKey(broken, requestedAt), entityType: 'OUTBOX', requestId: broken, eventId: EVENT },
      }),
    );
    const recorder = recordCommands(suite.env.clients.documents);

    const report = await runRecoverySweep(
      {
        store: suite.env.store,
        queue: new SqsQueue(suite.env.clients, suite.env.resources.mainQueueUrl),
        clock: systemClock,
      },
      { minAgeMs: 10_000, giveUpAfterMs: 3_600_000, concurrency: 3 },
    );

    const names = recorder.commands.map((c) => c.name);
    expect(names).not.toContain('ScanCommand');
    expect(names).toContain('QueryCommand');
    expect(report).toMatchObject({ found: 6, requeued: 5, errors: 1 });
    for (const requestId of stuck)
      expect((await suite.env.store.getRequest(requestId))?.status).toBe(Status.QUEUED);
    // Queued requests leave the outbox in the QUEUED transaction: a second sweep finds only the bad one.
    const again = await runRecoverySweep(
      {
        store: suite.env.store,
        queue: new SqsQueue(suite.env.clients, suite.env.resources.mainQueueUrl),
        clock: systemClock,
      },
      { minAgeMs: 10_000, giveUpAfterMs: 3_600_000, concurrency: 3 },
    );
    expect(again).toMatchObject({ found: 1, requeued: 0, errors: 1 });
  });
});

describe('the edge', () => {
  const suite = useTestEnvironment({ fixtures: [{ eventId: EVENT, capacity: 10 }] });

  it('answers 429 with Retry-After and a JSON error past the per-user burst when the limit is on', async () => {
    const limited = await ingestFor(suite.env, {
      RATE_LIMIT: 'on',
      RATE_LIMIT_USER_BURST: '2',
      RATE_LIMIT_USER_PER_SECOND: '0.1',
    });
    const token = await login(limited.url, 'eager');
    const other = await login(limited.url, 'patient');

    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await participateAs(limited.url, token, EVENT));
    const someoneElse = await participateAs(limited.url, other, EVENT);
    await limited.stop();

    expect(answers.map((a) => a.status)).toEqual([202, 202, 429, 429]);
    const refused = answers[2];
    expect(refused?.body).toMatchObject({ code: 'RATE_LIMITED', scope: 'user' });
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(someoneElse.status).toBe(202);
  });

  it('never answers 429 with the default configuration', async () => {
    const open = await ingestFor(suite.env);
    const token = await login(open.url, 'hammer');

    const answers = await Promise.all(
      Array.from({ length: 100 }, () => participateAs(open.url, token, EVENT)),
    );
    await open.stop();

    expect(answers.map((a) => a.status)).toEqual(Array(100).fill(202));
  });

  it('serves an OpenAPI 3.1 document that lists every route with its status codes', async () => {
    const served = await ingestFor(suite.env);
    const response = await fetch(`${served.url}/openapi.json`);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    await served.stop();

    expect(response.status).toBe(200);
    expect(document.openapi).toBe('3.1.0');
    const participation = document.paths['/events/{eventId}/participations']?.post;
    expect(Object.keys(participation?.responses ?? {}).sort()).toEqual(
      ['202', '400', '401', '403', '404', '415', '429', '431', '503'].sort(),
    );
    expect(Object.keys(document.paths).sort()).toEqual(
      [
        '/admin/events/{eventId}/requests',
        '/admin/requests/{requestId}',
        '/auth/login',
        '/events/{eventId}/participations',
        '/healthz',
        '/me/participations',
        '/openapi.json',
        '/requests/{requestId}',
      ].sort(),
    );
  });
});
