import { describe, expect, it } from 'vitest';
import { ingestFor, login, participateAs } from '../../test/harness';
import { useTestEnvironment } from '../../test/suite-environment';
import { systemClock } from '../common';
import { createAdmissionTickets } from './admission-ticket';
import { IngestConfigSchema } from './config';

const EVENT = 'EVT-GATED';
const ADMISSION_SECRET = 'shared-admission-secret-0123';
const gateTickets = createAdmissionTickets({ secret: ADMISSION_SECRET, ttlSeconds: 60, clock: systemClock });

async function participateWithTicket(baseUrl: string, token: string, ticket?: string) {
  const response = await fetch(`${baseUrl}/events/${EVENT}/participations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...(ticket ? { 'x-admission-ticket': ticket } : {}) },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('ingest behind the waiting-room gate', () => {
  const suite = useTestEnvironment({
    fixtures: [
      { eventId: EVENT, capacity: 5 },
      { eventId: 'EVT-OTHER', capacity: 5 },
    ],
  });

  it('takes a participation only with the admission ticket the gate gave this user for this event', async () => {
    const ingest = await ingestFor(suite.env, { FEATURE_GATE: 'true', ADMISSION_SECRET });
    const token = await login(ingest.url, 'gated-user');

    const without = await participateWithTicket(ingest.url, token);
    const othersTicket = await participateWithTicket(
      ingest.url,
      token,
      await gateTickets.issue('someone-else', EVENT),
    );
    const otherEvent = await participateWithTicket(
      ingest.url,
      token,
      await gateTickets.issue('gated-user', 'EVT-OTHER'),
    );
    const forged = await participateWithTicket(
      ingest.url,
      token,
      await createAdmissionTickets({
        secret: 'not-the-shared-secret-000',
        ttlSeconds: 60,
        clock: systemClock,
      }).issue('gated-user', EVENT),
    );
    const admitted = await participateWithTicket(
      ingest.url,
      token,
      await gateTickets.issue('gated-user', EVENT),
    );
    await ingest.stop();

    for (const refused of [without, othersTicket, otherEvent, forged]) {
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('ADMISSION_REQUIRED');
    }
    expect(admitted.status).toBe(202);
    expect(await suite.env.store.getLockedRequestId(EVENT, 'gated-user')).toBe(admitted.body.requestId);
  });

  it('lets users outside the rollout percentage in without a ticket', async () => {
    const ingest = await ingestFor(suite.env, {
      FEATURE_GATE: 'true',
      FEATURE_GATE_ROLLOUT_PERCENT: '0',
      ADMISSION_SECRET,
    });
    const token = await login(ingest.url, 'early-user');

    const answer = await participateAs(ingest.url, token, EVENT);
    await ingest.stop();

    expect(answer.status).toBe(202);
  });

  it('refuses a configuration that turns the gate on without the shared secret', () => {
    const result = IngestConfigSchema.safeParse({
      QUEUE_URL: 'http://localhost:1/q',
      TOKEN_SECRET: 'x'.repeat(16),
      ADMIN_SECRET: 'y'.repeat(8),
      FEATURE_GATE: 'true',
    });

    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('ADMISSION_SECRET');
  });
});
