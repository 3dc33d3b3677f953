import { jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { mintFuzzTokens, TOKEN_ISSUER } from './fuzz-tokens';

const SECRET = 'unit-test-token-secret-0123';
const key = new TextEncoder().encode(SECRET);

/** Verifies as spec section 3 says the ingest does: HS256, our issuer, sub and role present. */
async function accepted(token: string): Promise<boolean> {
  try {
    const { payload } = await jwtVerify(token, key, { issuer: TOKEN_ISSUER, algorithms: ['HS256'] });
    return typeof payload.sub === 'string' && (payload.role === 'user' || payload.role === 'admin');
  } catch {
    return false;
  }
}

describe('mintFuzzTokens', () => {
  it('mints tokens that a verifier with the right key refuses, except the valid one', async () => {
    const validUser = await new SignJWT({ role: 'user' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('fuzz-user')
      .setIssuer(TOKEN_ISSUER)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key);

    const tokens = await mintFuzzTokens({ secret: SECRET, validUser });
    const verdicts = Object.fromEntries(
      await Promise.all(Object.entries(tokens).map(async ([name, token]) => [name, await accepted(token)])),
    );

    expect(verdicts).toEqual({
      validUser: true,
      expired: false,
      wrongKey: false,
      algNone: false,
      tampered: false,
      wrongIssuer: false,
      wrongAlgorithm: false,
      unknownRole: false,
      notYetValid: false,
      tamperedSignature: false,
      strippedSignature: false,
    });
    const header = (token: string) =>
      JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString());
    const payload = (token: string) =>
      JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
    expect(header(tokens.algNone)).toEqual({ alg: 'none' });
    expect(payload(tokens.tampered)).toMatchObject({ role: 'admin', sub: 'fuzz-user' });
    expect(tokens.tampered.split('.')[2]).toBe(validUser.split('.')[2]);
  });
});
