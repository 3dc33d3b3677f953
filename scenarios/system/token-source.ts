/**
 * How the harness gets a bearer token for a user of a system under test: by its login route
 * (any body, any answer shape), by signing one itself (HS256 with the system's secret and claim
 * names), or by a command that prints one. Tokens are cached per user for the run.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SignJWT } from 'jose';
import { valueAt } from './answer-shape';
import type { SystemFile } from './system-file';

export type TokenSource = (userId: string) => Promise<string>;

/** The spec's own login (section 3): POST /auth/login { userId } answers { accessToken }. */
export const SPEC_LOGIN: SystemFile['tokens'] = {
  kind: 'login',
  path: '/auth/login',
  body: { userId: '{userId}' },
  tokenField: 'accessToken',
};

export function createTokenSource(
  spec: SystemFile['tokens'],
  ingestUrl: string,
  env: Readonly<Record<string, string | undefined>>,
): TokenSource {
  const issue = issuerFor(spec, ingestUrl, env);
  const cache = new Map<string, Promise<string>>();
  return (userId) => {
    let token = cache.get(userId);
    if (!token) {
      token = issue(userId);
      // A failed login is not cached: a restarted ingest must get another chance.
      token.catch(() => cache.delete(userId));
      cache.set(userId, token);
    }
    return token;
  };
}

function issuerFor(
  spec: SystemFile['tokens'],
  ingestUrl: string,
  env: Readonly<Record<string, string | undefined>>,
): TokenSource {
  switch (spec.kind) {
    case 'login':
      return async (userId) => {
        const response = await fetch(new URL(spec.path, ingestUrl), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(fillUser(spec.body, userId)),
          signal: AbortSignal.timeout(15_000),
        });
        const body = (await response.json().catch(() => undefined)) as unknown;
        const token = valueAt(body, spec.tokenField);
        if (response.status !== 200 || typeof token !== 'string') {
          throw new Error(
            `login of ${userId} at ${spec.path} answered ${response.status} without a token at '${spec.tokenField}': check the system file's tokens section`,
          );
        }
        return token;
      };
    case 'sign': {
      const secret = resolveSecret(spec.secret, env);
      const key = new TextEncoder().encode(secret);
      return async (userId) => {
        let jwt = new SignJWT({
          [spec.roleClaim]: 'user',
          ...(spec.subjectClaim === 'sub' ? {} : { [spec.subjectClaim]: userId }),
        })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject(userId)
          .setIssuedAt()
          .setExpirationTime(`${spec.ttlSeconds}s`);
        if (spec.issuer) jwt = jwt.setIssuer(spec.issuer);
        if (spec.audience) jwt = jwt.setAudience(spec.audience);
        return jwt.sign(key);
      };
    }
    case 'command': {
      const run = promisify(execFile);
      return async (userId) => {
        const command = spec.command.replaceAll('{userId}', shellQuote(userId));
        const { stdout } = await run('sh', ['-c', command], { timeout: 15_000 });
        const token = stdout.trim();
        if (!token) throw new Error(`the token command printed nothing for ${userId}: ${command}`);
        return token;
      };
    }
  }
}

/** `{userId}` in any string of the body template becomes the user. */
export function fillUser(template: unknown, userId: string): unknown {
  if (typeof template === 'string') return template.replaceAll('{userId}', userId);
  if (Array.isArray(template)) return template.map((value) => fillUser(value, userId));
  if (template !== null && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, fillUser(value, userId)]));
  }
  return template;
}

export function resolveSecret(value: string, env: Readonly<Record<string, string | undefined>>): string {
  if (!value.startsWith('env:')) return value;
  const name = value.slice('env:'.length);
  const secret = env[name];
  if (!secret)
    throw new Error(`the system file's token secret names ${name}, which is not set in the environment`);
  return secret;
}

export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
