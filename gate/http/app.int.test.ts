import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../services/common';
import { parseGateFlags } from '../../services/common/gate-flags';
import { createAdmissionTickets } from '../../services/ingest/admission-ticket';
import { createHmacTokens } from '../../services/ingest/tokens';
import { type GateRedis, startGateRedis } from '../gate-redis';
import { WaitingRoom, type WaitingRoomOptions } from '../waiting-room';
import { buildGateApp } from './app';

let gate: GateRedis;
let app: StartedGateApp;
/** The same secret ingest would hold: the ticket the gate signs is the one ingest checks. */
const admission = createAdmissionTickets({
  secret: 'admission-secret-0123456789',
  ttlSeconds: 60,
  clock: systemClock,
});
const tokens = createHmacTokens({
  secret: 'gate-test-secret',
  ttlSeconds: 600,
  clock: { now: () => Date.now() },
});

async function bearer(userId: string): Promise<string> {
  return `Bearer ${(await tokens.issue({ userId, role: 'user' })).accessToken}`;
}

async function call(method: string, path: string, userId: string, waitingToken?: string) {
  const headers: Record<string, string> = { authorization: await bearer(userId) };
  if (waitingToken) headers['x-waiting-token'] = waitingToken;
  const response = await fetch(`${app.url}${path}`, { method, headers });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

interface StartedGateApp {
  readonly url: string;
  close(): Promise<void>;
}

/** The gate's HTTP app on a port of its own, over the test's Redis, tokens and admission secret. */
async function startGateApp(
  options: WaitingRoomOptions,
  featureGate: 'true' | 'false',
): Promise<StartedGateApp> {
  const server = buildGateApp({
    room: new WaitingRoom(gate.scripts, options),
    verifier: tokens,
    flags: parseGateFlags({ FEATURE_GATE: featureGate }),
    admission,
  }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

beforeAll(async () => {
  gate = await startGateRedis('http-int');
  app = await startGateApp(
    { recordTtlSeconds: 600, admitWindow: 2, bucketCapacity: 2, admitsPerSecond: 0.5 },
    'true',
  );
});
afterAll(async () => {
  await app?.close();
  await gate?.stop();
});

describe('gate HTTP API', () => {
  it('answers 401 without a bearer token', async () => {
    const response = await fetch(`${app.url}/gate/events/H-1/join`, { method: 'POST' });
    expect(response.status).toBe(401);
  });

  it('answers join with 202 and a waiting token, and a duplicate join with the same token', async () => {
    const first = await call('POST', '/gate/events/H-1/join', 'ann');
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ position: 1, duplicate: false });
    const again = await call('POST', '/gate/events/H-1/join', 'ann');
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ waitingToken: first.body.waitingToken, position: 1, duplicate: true });
  });

  it('lets 100 concurrent joins of one user through exactly once', async () => {
    const results = await Promise.all(
      Array.from({ length: 100 }, () => call('POST', '/gate/events/H-2/join', 'zed')),
    );
    expect(results.filter((r) => r.status === 202)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(99);
    expect(new Set(results.map((r) => r.body.waitingToken)).size).toBe(1);
  });

  it('reports position and ETA, admits within the window and the bucket, then rate-limits', async () => {
    const users = ['u1', 'u2', 'u3', 'u4'];
    const waiting: string[] = [];
    for (const user of users)
      waiting.push((await call('POST', '/gate/events/H-3/join', user)).body.waitingToken);
    const status = await call('GET', '/gate/events/H-3/status', 'u4', waiting[3]);
    // window 2 at 0.5 admits/s: 2 users outside the window ahead of and including u4 -> 4 s
    expect(status.body).toEqual({ state: 'waiting', position: 4, waiting: 4, etaSeconds: 4 });
    expect((await call('POST', '/gate/events/H-3/enter', 'u3', waiting[2])).status).toBe(425);
    const admitted = await call('POST', '/gate/events/H-3/enter', 'u1', waiting[0]);
    expect(admitted.status).toBe(200);
    // The hand-off: the admission ticket admits u1 to H-3 at ingest, and nobody else, nowhere else.
    expect(await admission.admits(admitted.body.admissionTicket, 'u1', 'H-3')).toBe(true);
    expect(await admission.admits(admitted.body.admissionTicket, 'u2', 'H-3')).toBe(false);
    expect(await admission.admits(admitted.body.admissionTicket, 'u1', 'H-4')).toBe(false);
    expect((await call('POST', '/gate/events/H-3/enter', 'u1', waiting[0])).body.ticket).toEqual(
      admitted.body.ticket,
    );
    expect((await call('POST', '/gate/events/H-3/enter', 'u2', waiting[1])).status).toBe(200);
    // the bucket (capacity 2) is empty now; u3 moved into the window but must wait for a token
    const limited = await call('POST', '/gate/events/H-3/enter', 'u3', waiting[2]);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await call('GET', '/gate/events/H-3/status', 'u1', waiting[0])).body).toMatchObject({
      state: 'admitted',
    });
  });

  it('refuses a waiting token of another user and lets the owner leave', async () => {
    const joined = await call('POST', '/gate/events/H-4/join', 'kim');
    expect((await call('GET', '/gate/events/H-4/status', 'lee', joined.body.waitingToken)).status).toBe(404);
    await call('POST', '/gate/events/H-4/join', 'lee');
    expect((await call('GET', '/gate/events/H-4/status', 'lee', joined.body.waitingToken)).status).toBe(403);
    expect((await call('DELETE', '/gate/events/H-4/queue', 'kim', joined.body.waitingToken)).status).toBe(
      204,
    );
    expect((await call('GET', '/gate/events/H-4/status', 'kim', joined.body.waitingToken)).status).toBe(404);
  });

  it('answers bypass when the rollout leaves the user out', async () => {
    const off = await startGateApp(
      { recordTtlSeconds: 60, admitWindow: 1, bucketCapacity: 1, admitsPerSecond: 1 },
      'false',
    );
    const response = await fetch(`${off.url}/gate/events/H-5/join`, {
      method: 'POST',
      headers: { authorization: await bearer('ann') },
    });
    expect(await response.json()).toEqual({ gate: 'bypass' });
    await off.close();
  });
});
