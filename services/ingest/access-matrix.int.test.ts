/**
 * Who may see what (spec section 3): a user sees only their own requests, user tokens never open
 * admin routes, forged tokens open nothing, and no secret or credential reaches the log. The
 * ingest runs with a recording logger so the last test can read everything it wrote.
 */
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  login,
  participateAs,
  provisionTestEnvironment,
  recordingLogger,
  type TestEnvironment,
} from '../../test/harness';
import { IngestConfigSchema } from './config';
import { type StartedIngest, startIngest } from './server';

const EVENT_1 = 'EVT-ACCESS-1';
const EVENT_2 = 'EVT-ACCESS-2';
/** Secrets of this file only, so finding them in the log cannot be a coincidence. */
const SECRETS = {
  TOKEN_SECRET: 'access-matrix-token-secret-5f1c9a27',
  ADMIN_SECRET: 'access-matrix-admin-secret-7d3e',
};
const ISSUER = 'participation-ingest';

describe('ingest access matrix', () => {
  let env: TestEnvironment;
  let ingest: StartedIngest;
  const recorder = recordingLogger();
  const tokens = { alice: '', bob: '', admin: '' };
  const aliceRequests: string[] = [];
  let bobRequest = '';

  const get = (path: string, token?: string) =>
    fetch(`${ingest.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  beforeAll(async () => {
    env = await provisionTestEnvironment({
      fixtures: [
        { eventId: EVENT_1, capacity: 10 },
        { eventId: EVENT_2, capacity: 10 },
      ],
    });
    const config = IngestConfigSchema.parse({
      PORT: '0',
      TABLE_NAME: env.resources.tableName,
      QUEUE_URL: env.resources.mainQueueUrl,
      SWEEP_INTERVAL_MS: '0',
      ...SECRETS,
    });
    ingest = await startIngest(config, env.clients, recorder.logger);
    tokens.alice = await login(ingest.url, 'user-a');
    tokens.bob = await login(ingest.url, 'user-b');
    tokens.admin = await login(ingest.url, 'ops', SECRETS.ADMIN_SECRET);
    for (const eventId of [EVENT_1, EVENT_2]) {
      const answer = await participateAs(ingest.url, tokens.alice, eventId);
      aliceRequests.push(String(answer.body.requestId));
    }
    bobRequest = String((await participateAs(ingest.url, tokens.bob, EVENT_1)).body.requestId);
  });
  afterAll(async () => {
    await ingest?.stop();
    env?.close();
  });

  it("answers 404 when user B reads user A's request, exactly as for a request that does not exist", async () => {
    const [aliceRequest] = aliceRequests;
    const missingId = crypto.randomUUID();

    const asBob = await get(`/requests/${aliceRequest}`, tokens.bob);
    const missing = await get(`/requests/${missingId}`, tokens.bob);
    const asAlice = await get(`/requests/${aliceRequest}`, tokens.alice);

    expect(asBob.status).toBe(404);
    expect(missing.status).toBe(404);
    const hidden = (await asBob.json()) as { code: string; message: string };
    const absent = (await missing.json()) as { code: string; message: string };
    expect(hidden.code).toBe('REQUEST_NOT_FOUND');
    expect(hidden.message.replace(String(aliceRequest), 'ID')).toBe(absent.message.replace(missingId, 'ID'));
    expect(asAlice.status).toBe(200);
  });

  it("lists only the caller's own requests", async () => {
    const listOf = async (token: string) => {
      const response = await get('/me/participations?limit=100', token);
      expect(response.status).toBe(200);
      return ((await response.json()) as { items: { requestId: string }[] }).items.map((i) => i.requestId);
    };

    const bobSees = await listOf(tokens.bob);
    const aliceSees = await listOf(tokens.alice);

    expect(bobSees).toEqual([bobRequest]);
    expect(new Set(aliceSees)).toEqual(new Set(aliceRequests));
  });

  it('refuses both admin routes to a user token with 403, even for their own request', async () => {
    const answers = await Promise.all([
      get(`/admin/requests/${aliceRequests[0]}`, tokens.alice),
      get(`/admin/events/${EVENT_1}/requests`, tokens.alice),
      get(`/admin/requests/${aliceRequests[0]}`, tokens.bob),
      get(`/admin/events/${EVENT_1}/requests?limit=1`, tokens.bob),
    ]);

    expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403]);
    for (const answer of answers) expect(await answer.json()).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses tokens signed with another key, with alg none, expired or tampered, on every route', async () => {
    const forged = await forgedAdminTokens();
    const routes: [string, string][] = [
      ['GET', `/requests/${aliceRequests[0]}`],
      ['GET', '/me/participations'],
      ['POST', `/events/${EVENT_1}/participations`],
      ['GET', `/admin/requests/${aliceRequests[0]}`],
      ['GET', `/admin/events/${EVENT_1}/requests`],
    ];

    const answers = await Promise.all(
      Object.entries(forged).flatMap(([kind, token]) =>
        routes.map(async ([method, path]) => {
          const response = await fetch(`${ingest.url}${path}`, {
            method,
            headers: { authorization: `Bearer ${token}` },
          });
          return {
            kind,
            method,
            path,
            status: response.status,
            body: (await response.json()) as { code: string },
          };
        }),
      ),
    );

    const refusals = answers.filter((a) => a.status === 401 && a.body.code === 'UNAUTHENTICATED');
    expect(refusals).toHaveLength(Object.keys(forged).length * routes.length);
    expect(answers.find((a) => a.kind === 'expired')?.body).toMatchObject({
      message: 'the token has expired',
    });
    // The forged subject got nothing written for it.
    expect(await env.store.getLockedRequestId(EVENT_1, 'intruder')).toBeUndefined();
  });

  it('serves both admin routes to an admin token', async () => {
    const item = await get(`/admin/requests/${aliceRequests[0]}`, tokens.admin);
    const page = await get(`/admin/events/${EVENT_1}/requests`, tokens.admin);

    expect(item.status).toBe(200);
    expect(await item.json()).toMatchObject({ item: { userId: 'user-a' }, timeline: expect.any(Array) });
    expect(page.status).toBe(200);
    const listing = (await page.json()) as { items: { requestId: string }[] };
    expect(new Set(listing.items.map((i) => i.requestId))).toEqual(new Set([aliceRequests[0], bobRequest]));
  });

  it('never writes a secret, a token or an authorization header to the log', async () => {
    recorder.entries.length = 0;
    const forged = await forgedAdminTokens();
    const basic = `Basic ${Buffer.from('user-a:hunter2-basic-password').toString('base64')}`;
    const postLogin = (body: unknown) =>
      fetch(`${ingest.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    // Act: failed and successful admin logins, then every kind of credential on a route.
    const wrongSecret = await postLogin({ userId: 'ops', adminSecret: 'almost-the-admin-secret' });
    const badUserRealSecret = await postLogin({ userId: 'o#ps', adminSecret: SECRETS.ADMIN_SECRET });
    const admin = await login(ingest.url, 'ops-2', SECRETS.ADMIN_SECRET);
    const sent = [
      `Bearer ${admin}`,
      `Bearer ${tokens.alice}`,
      `bearer ${tokens.bob}`,
      basic,
      ...Object.values(forged).map((token) => `Bearer ${token}`),
    ];
    const statuses: number[] = [];
    for (const authorization of sent) {
      const response = await fetch(`${ingest.url}/admin/events/${EVENT_1}/requests`, {
        headers: { authorization },
      });
      statuses.push(response.status);
    }

    // Assess: the requests were logged, with the header redacted...
    expect([wrongSecret.status, badUserRealSecret.status]).toEqual([401, 400]);
    expect(statuses).toEqual([200, 403, 401, 401, 401, 401, 401, 401]);
    const logged = recorder.entries.filter((entry) => (entry.req as { url?: string } | undefined)?.url);
    expect(logged.length).toBeGreaterThanOrEqual(3 + sent.length);
    const headers = logged.map((entry) => (entry.req as { headers: Record<string, unknown> }).headers);
    expect(headers.filter((h) => h.authorization !== undefined).map((h) => h.authorization)).toEqual(
      sent.map(() => '[Redacted]'),
    );
    // ...and nothing secret appears anywhere in what was written.
    const text = recorder.entries.map((entry) => JSON.stringify(entry)).join('\n');
    const secrets = [
      SECRETS.TOKEN_SECRET,
      SECRETS.ADMIN_SECRET,
      'almost-the-admin-secret',
      'hunter2-basic-password',
      ...sent,
      ...[admin, tokens.alice, tokens.bob, ...Object.values(forged)].flatMap((token) => token.split('.')),
    ].filter((secret) => secret.length >= 8);
    expect(secrets.filter((secret) => text.includes(secret))).toEqual([]);
  });
});

/** Tokens claiming role admin that must all be refused: another key, alg none, expired, tampered. */
async function forgedAdminTokens() {
  const now = Math.floor(Date.now() / 1000);
  const claims = (jwt: SignJWT) => jwt.setSubject('intruder').setIssuer(ISSUER).setIssuedAt(now);
  const rightKey = new TextEncoder().encode(SECRETS.TOKEN_SECRET);
  const userToken = await claims(new SignJWT({ role: 'user' }).setProtectedHeader({ alg: 'HS256' }))
    .setExpirationTime(now + 600)
    .sign(rightKey);
  const [header, , signature] = userToken.split('.');
  const adminPayload = Buffer.from(
    JSON.stringify({ role: 'admin', sub: 'intruder', iss: ISSUER, iat: now, exp: now + 600 }),
  ).toString('base64url');
  return {
    otherKey: await claims(new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }))
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode('another-secret-of-the-same-length!!')),
    algNone: new UnsecuredJWT({ role: 'admin' })
      .setSubject('intruder')
      .setIssuer(ISSUER)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .encode(),
    expired: await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('intruder')
      .setIssuer(ISSUER)
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(rightKey),
    tampered: `${header}.${adminPayload}.${signature}`,
  };
}
