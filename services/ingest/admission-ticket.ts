/**
 * The hand-off from the waiting-room gate to ingest: when the gate admits a user for an event it
 * issues a short-lived ticket signed with a secret the two share, and ingest, where the gate is on
 * for that user, accepts a participation only with a ticket for that very user and event. Signed
 * and stateless, so ingest needs no Redis of its own.
 */
import { jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../common';

const ISSUER = 'participation-gate';

export interface AdmissionTickets {
  issue(userId: string, eventId: string): Promise<string>;
  /** True only for an unexpired ticket issued to this user for this event. */
  admits(ticket: string, userId: string, eventId: string): Promise<boolean>;
}

export function createAdmissionTickets(options: {
  secret: string;
  ttlSeconds: number;
  clock: Clock;
}): AdmissionTickets {
  const key = new TextEncoder().encode(options.secret);
  const nowSeconds = () => Math.floor(options.clock.now() / 1000);
  return {
    issue: (userId, eventId) =>
      new SignJWT({ evt: eventId })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setIssuer(ISSUER)
        .setIssuedAt(nowSeconds())
        .setExpirationTime(nowSeconds() + options.ttlSeconds)
        .sign(key),
    async admits(ticket, userId, eventId) {
      try {
        const { payload } = await jwtVerify(ticket, key, {
          issuer: ISSUER,
          algorithms: ['HS256'],
          subject: userId,
          currentDate: new Date(options.clock.now()),
        });
        return payload.evt === eventId;
      } catch {
        return false;
      }
    },
  };
}
