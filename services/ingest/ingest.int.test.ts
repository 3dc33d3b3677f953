import { describe, expect, it } from 'vitest';
import {
  ingestFor,
  login,
  participateAs,
  queueDepth,
  recordCommands,
  TEST_SECRETS,
} from '../../test/harness';
import { useIngestEnvironment, useTestEnvironment } from '../../test/suite-environment';
import { Status } from '../common';

const EVENT = 'EVT-INGEST';

describe('ingest HTTP API on the embedded stack', () => {
  const suite = useIngestEnvironment({
    fixtures: [
      { eventId: EVENT, capacity: 10 },
      { eventId: 'EVT-GUARD-RECEIVED', capacity: 1 },
    ],
  });

  it('answers 202 with a requestId and no status, then queues the request', async () => {
    const token = await login(suite.ingest.url, 'alice');

    const answer = await participateAs(suite.ingest.url, token, EVENT);

    expect(answer.status).toBe(202);
    expect(Object.keys(answer.body)).toEqual(['requestId']);
    const item = await suite.env.store.getRequest(String(answer.body.requestId));
    expect(item?.status).toBe(Status.QUEUED);
    expect(item?.queuedAt).toBeGreaterThanOrEqual(item?.requestedAt ?? Number.POSITIVE_INFINITY);
    expect(item?.GSI2SK).toMatch(/^QAT#\d{13}#REQ#/);
  });

  it('answers 50 concurrent clicks by one user with one requestId, one lock and one message', async () => {
    // Healing is held off: on a loaded machine a click can wait longer than HEAL_AFTER_MS, and a
    // heal (a legitimate extra message) would blur what this test counts.
    const patient = await ingestFor(suite.env, { HEAL_AFTER_MS: '60000' });
    const token = await login(patient.url, 'clicker');
    const before = await queueDepth(suite.env);

    const answers = await Promise.all(
      Array.from({ length: 50 }, () => participateAs(patient.url, token, EVENT)),
    );
    await patient.stop();

    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(202));
    const ids = new Set(answers.map((a) => a.body.requestId));
    expect(ids.size).toBe(1);
    const [requestId] = ids;
    expect(await suite.env.store.getLockedRequestId(EVENT, 'clicker')).toBe(requestId);
    const after = await queueDepth(suite.env);
    expect(after.visible - before.visible).toBe(1);
  });

  it('refuses a missing, malformed or tampered token with 401 and writes nothing', async () => {
    const token = await login(suite.ingest.url, 'mallory');
    const tampered = `${token.slice(0, -2)}xx`;
    const forged = await login(suite.ingest.url, 'mallory').then((t) =>
      t.replace(/\.[^.]+\./, '.eyJzdWIiOiJhZG1pbiJ9.'),
    );

    const answers = await Promise.all([
      fetch(`${suite.ingest.url}/events/${EVENT}/participations`, { method: 'POST' }),
      fetch(`${suite.ingest.url}/events/${EVENT}/participations`, {
        method: 'POST',
        headers: { authorization: token },
      }),
      participateAs(suite.ingest.url, tampered, EVENT),
      participateAs(suite.ingest.url, forged, EVENT),
    ]);

    for (const answer of answers) expect(answer.status).toBe(401);
    const body = await (answers[0] as Response).json();
    expect(body).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await suite.env.store.getLockedRequestId(EVENT, 'mallory')).toBeUndefined();
  });

  it('answers 400 for a malformed eventId and 404 for an unknown event, writing nothing', async () => {
    const token = await login(suite.ingest.url, 'bob');

    const bad = await participateAs(suite.ingest.url, token, 'EVT#1');
    const unknown = await participateAs(suite.ingest.url, token, 'EVT-NOPE');

    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_INPUT');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('EVENT_NOT_FOUND');
    expect(await suite.env.store.getLockedRequestId('EVT-NOPE', 'bob')).toBeUndefined();
  });

  it('answers 400 for a bad login body and 415 for a body that is not JSON', async () => {
    const badUser = await fetch(`${suite.ingest.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'a#b' }),
    });
    const notJson = await fetch(`${suite.ingest.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'userId=alice',
    });
    const broken = await fetch(`${suite.ingest.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"userId":',
    });

    expect(badUser.status).toBe(400);
    expect(notJson.status).toBe(415);
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ code: 'MALFORMED_BODY' });
  });

  it("answers 404 when user B reads user A's request, and 200 to A and to an admin", async () => {
    const alice = await login(suite.ingest.url, 'reader-a');
    const bob = await login(suite.ingest.url, 'reader-b');
    const admin = await login(suite.ingest.url, 'ops', TEST_SECRETS.ADMIN_SECRET);
    const { body } = await participateAs(suite.ingest.url, alice, EVENT);
    const url = `${suite.ingest.url}/requests/${body.requestId}`;

    const asBob = await fetch(url, { headers: { authorization: `Bearer ${bob}` } });
    const asAlice = await fetch(url, { headers: { authorization: `Bearer ${alice}` } });
    const asAdmin = await fetch(url, { headers: { authorization: `Bearer ${admin}` } });
    const missing = await fetch(`${suite.ingest.url}/requests/${crypto.randomUUID()}`, {
      headers: { authorization: `Bearer ${alice}` },
    });

    expect(asBob.status).toBe(404);
    const hidden = (await asBob.json()) as { code: string };
    expect(hidden.code).toBe(((await missing.json()) as { code: string }).code);
    expect(asAlice.status).toBe(200);
    expect(await asAlice.json()).toMatchObject({
      requestId: body.requestId,
      eventId: EVENT,
      status: 'QUEUED',
    });
    expect(asAdmin.status).toBe(200);
  });

  it('refuses admin routes to a user token with 403 and serves them to an admin', async () => {
    const user = await login(suite.ingest.url, 'plain-user');
    const admin = await login(suite.ingest.url, 'ops', TEST_SECRETS.ADMIN_SECRET);
    const { body } = await participateAs(suite.ingest.url, user, EVENT);

    const userTries = await Promise.all([
      fetch(`${suite.ingest.url}/admin/requests/${body.requestId}`, {
        headers: { authorization: `Bearer ${user}` },
      }),
      fetch(`${suite.ingest.url}/admin/events/${EVENT}/requests`, {
        headers: { authorization: `Bearer ${user}` },
      }),
    ]);
    const timeline = await fetch(`${suite.ingest.url}/admin/requests/${body.requestId}`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    const page = await fetch(`${suite.ingest.url}/admin/events/${EVENT}/requests?limit=2`, {
      headers: { authorization: `Bearer ${admin}` },
    });

    expect(userTries.map((r) => r.status)).toEqual([403, 403]);
    expect(timeline.status).toBe(200);
    const detail = (await timeline.json()) as { timeline: { toStatus: string }[] };
    expect(detail.timeline.map((log) => log.toStatus)).toEqual(['RECEIVED', 'QUEUED']);
    const listing = (await page.json()) as {
      items: unknown[];
      nextCursor: string | null;
      counts: { byStatus: Record<string, number> };
    };
    expect(listing.items).toHaveLength(2);
    expect(listing.nextCursor).toEqual(expect.any(String));
    expect(listing.counts.byStatus.QUEUED).toBeGreaterThanOrEqual(3);
  });

  it('refuses a correctly signed token whose subject is not a valid userId, writing nothing', async () => {
    const { SignJWT } = await import('jose');
    const odd = await new SignJWT({ role: 'user' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('auth0|abc')
      .setIssuer('participation-ingest')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(TEST_SECRETS.TOKEN_SECRET));

    const answer = await participateAs(suite.ingest.url, odd, EVENT);

    expect(answer.status).toBe(401);
    expect(await suite.env.store.getLockedRequestId(EVENT, 'auth0|abc')).toBeUndefined();
  });

  it('answers 400 to an admin paging cursor that is not one the server gave out', async () => {
    const admin = await login(suite.ingest.url, 'ops', TEST_SECRETS.ADMIN_SECRET);
    const forged = Buffer.from(
      JSON.stringify({ PK: 'x', SK: 'y', GSI2PK: 'EVENT#other', GSI2SK: 'z' }),
    ).toString('base64url');

    const answers = await Promise.all(
      ['e30', forged, '%%%'].map((cursor) =>
        fetch(`${suite.ingest.url}/admin/events/${EVENT}/requests?cursor=${cursor}`, {
          headers: { authorization: `Bearer ${admin}` },
        }),
      ),
    );

    expect(answers.map((a) => a.status)).toEqual([400, 400, 400]);
  });

  it('refuses a wrong admin secret with 401', async () => {
    const response = await fetch(`${suite.ingest.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'ops', adminSecret: 'not-the-secret' }),
    });
    expect(response.status).toBe(401);
  });

  it('serves my participations with a GSI1 Query, newest first, never a Scan, and hides RECEIVED ones', async () => {
    const token = await login(suite.ingest.url, 'guarded');
    await participateAs(suite.ingest.url, token, EVENT);
    const broken = await ingestFor(suite.env, { QUEUE_URL: 'http://127.0.0.1:9/000000000000/nowhere' });
    await participateAs(broken.url, token, 'EVT-GUARD-RECEIVED').catch(() => undefined);
    await broken.stop();
    const recorder = recordCommands(suite.env.clients.documents);

    const response = await fetch(`${suite.ingest.url}/me/participations`, {
      headers: { authorization: `Bearer ${token}` },
    });

    const { items } = (await response.json()) as { items: { status: string; eventId: string }[] };
    expect(items.map((i) => i.eventId)).toEqual([EVENT]);
    const names = recorder.commands.map((c) => c.name);
    expect(names).not.toContain('ScanCommand');
    expect(recorder.commands).toContainEqual({
      name: 'QueryCommand',
      input: expect.objectContaining({ IndexName: 'GSI1', ScanIndexForward: false }),
    });
  });

  it('lists my participations newest first from GSI1', async () => {
    const token = await login(suite.ingest.url, 'lister');
    for (const eventId of ['EVT-L1', 'EVT-L2']) {
      await import('../../stack/provision').then(({ putCapacityFixture }) =>
        putCapacityFixture(
          suite.env.clients,
          suite.env.resources.tableName,
          { eventId, capacity: 1 },
          Date.now(),
          {
            overwrite: true,
          },
        ),
      );
      await participateAs(suite.ingest.url, token, eventId);
    }

    const response = await fetch(`${suite.ingest.url}/me/participations?limit=5`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const bad = await fetch(`${suite.ingest.url}/me/participations?limit=0`, {
      headers: { authorization: `Bearer ${token}` },
    });

    const { items } = (await response.json()) as { items: { eventId: string }[] };
    expect(items.map((i) => i.eventId)).toEqual(['EVT-L2', 'EVT-L1']);
    expect(bad.status).toBe(400);
  });
});

describe('ingest when the queue cannot be reached', () => {
  const suite = useTestEnvironment({ fixtures: [{ eventId: EVENT, capacity: 10 }] });

  it('answers 503 with Retry-After, keeps the request RECEIVED, and a later duplicate heals it', async () => {
    const broken = await ingestFor(suite.env, { QUEUE_URL: 'http://127.0.0.1:9/000000000000/nowhere' });
    const token = await login(broken.url, 'unlucky');
    const failed = await participateAs(broken.url, token, EVENT);
    await broken.stop();

    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('5');
    const requestId = await suite.env.store.getLockedRequestId(EVENT, 'unlucky');
    expect((await suite.env.store.getRequest(String(requestId)))?.status).toBe(Status.RECEIVED);

    const healthy = await ingestFor(suite.env, { HEAL_AFTER_MS: '0' });
    const retried = await participateAs(healthy.url, token, EVENT);
    await healthy.stop();

    expect(retried.status).toBe(202);
    expect(retried.body.requestId).toBe(requestId);
    expect((await suite.env.store.getRequest(String(requestId)))?.status).toBe(Status.QUEUED);
    expect((await queueDepth(suite.env)).visible).toBe(1);
  });

  it('lets the recovery sweep enqueue a stuck request, and give up on one past its deadline', async () => {
    const broken = await ingestFor(suite.env, { QUEUE_URL: 'http://127.0.0.1:9/000000000000/nowhere' });
    const token = await login(broken.url, 'stuck');
    await participateAs(broken.url, token, EVENT);
    await broken.stop();
    const requestId = String(await suite.env.store.getLockedRequestId(EVENT, 'stuck'));

    const healer = await ingestFor(suite.env, { SWEEP_INTERVAL_MS: '100', SWEEP_MIN_AGE_MS: '0' });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await healer.stop();

    expect((await suite.env.store.getRequest(requestId))?.status).toBe(Status.QUEUED);
    const log = await suite.env.store.getStatusLog(requestId);
    expect(log.map((entry) => entry.toStatus)).toEqual(['RECEIVED', 'QUEUED']);
  });

  it('moves a request the sweep could never enqueue to FAILED_FINAL / FAILED_INGEST_ENQUEUE', async () => {
    const broken = await ingestFor(suite.env, {
      QUEUE_URL: 'http://127.0.0.1:9/000000000000/nowhere',
      SWEEP_INTERVAL_MS: '100',
      SWEEP_MIN_AGE_MS: '0',
      SWEEP_GIVE_UP_MS: '300',
    });
    const token = await login(broken.url, 'hopeless');
    await participateAs(broken.url, token, EVENT);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await broken.stop();

    const item = await suite.env.store.getRequest(
      String(await suite.env.store.getLockedRequestId(EVENT, 'hopeless')),
    );
    expect(item).toMatchObject({ status: 'FAILED_FINAL', resultCode: 'FAILED_INGEST_ENQUEUE' });
  });
});
