/**
 * How an iteration gets its user's token. Two ways:
 *   - the driver's own login (POST /auth/login on the iteration's connection, measured like a
 *     k6 login): for the driver's tests and bench, which have no system under test;
 *   - the system's token source (scenarios/system/token-source.ts: its login route, tokens the
 *     harness signs, or a command), the seam's one way, for every runbook on a system.
 * Either way a failure is an Answer-like record of what the iteration spent, so the load records
 * a failed login (never sent) the same; thresholds judge participations only (issue 11).
 */
import type { TokenSource } from '../system/token-source';
import type { Answer, LoadSession } from './http-target';
import { tokenOf } from './load-record';

export type TokenAnswer =
  | { readonly token: string; readonly requests: number }
  | { readonly failed: Answer; readonly requests: number };

export type TokenProvider = (session: LoadSession, userId: string) => Promise<TokenAnswer>;

export const sessionLogin: TokenProvider = async (session, userId) => {
  const login = await session.login(userId);
  const token = tokenOf(login);
  return token === undefined ? { failed: login, requests: 1 } : { token, requests: 1 };
};

/** The system's token source; what it sent is not the driver's (its requests are not counted). */
export function fromTokenSource(tokenFor: TokenSource): TokenProvider {
  return async (_session, userId) => {
    const sentAt = Date.now();
    const started = performance.now();
    try {
      return { token: await tokenFor(userId), requests: 0 };
    } catch {
      const ended = performance.now();
      return {
        failed: { sentAt, answeredAt: Date.now(), durationMs: ended - started, answeredMonotonicMs: ended },
        requests: 0,
      };
    }
  };
}
