/**
 * Development identity: HS256 tokens whose subject is the userId and whose role is user or admin.
 * The HTTP layer depends only on TokenVerifier, so a real identity provider can replace this.
 */
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { AuthenticationRequiredError, type Clock, isValidIdentifier } from '../common';

export type Role = 'user' | 'admin';

export interface Identity {
  readonly userId: string;
  readonly role: Role;
}

export interface TokenVerifier {
  verify(token: string): Promise<Identity>;
}

export interface TokenIssuer {
  issue(identity: Identity): Promise<{ accessToken: string; expiresIn: number }>;
}

const ISSUER = 'participation-ingest';

export function createHmacTokens(options: {
  secret: string;
  ttlSeconds: number;
  clock: Clock;
}): TokenIssuer & TokenVerifier {
  const key = new TextEncoder().encode(options.secret);
  const nowSeconds = () => Math.floor(options.clock.now() / 1000);
  return {
    async issue(identity) {
      const accessToken = await new SignJWT({ role: identity.role })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(identity.userId)
        .setIssuer(ISSUER)
        .setIssuedAt(nowSeconds())
        .setExpirationTime(nowSeconds() + options.ttlSeconds)
        .sign(key);
      return { accessToken, expiresIn: options.ttlSeconds };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          algorithms: ['HS256'],
          currentDate: new Date(options.clock.now()),
        });
        const role = payload.role;
        if (typeof payload.sub !== 'string' || (role !== 'user' && role !== 'admin')) {
          throw new AuthenticationRequiredError('the token has no subject or role');
        }
        // The subject becomes part of key strings: a signed but odd subject ('auth0|x', 'a#b')
        // must be refused here, before anything is written under it.
        if (!isValidIdentifier(payload.sub)) {
          throw new AuthenticationRequiredError('the token subject is not a valid userId');
        }
        return { userId: payload.sub, role };
      } catch (err) {
        if (err instanceof AuthenticationRequiredError) throw err;
        if (err instanceof joseErrors.JWTExpired)
          throw new AuthenticationRequiredError('the token has expired');
        throw new AuthenticationRequiredError('the token is not valid');
      }
    },
  };
}
