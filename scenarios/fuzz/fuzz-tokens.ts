/**
 * Tokens the ingest must refuse, minted with jose the way a client or an attacker would: the
 * development identity of spec section 3 is HS256 with issuer 'participation-ingest' and the
 * claims sub + role. Only `validUser` is meant to authenticate; every other one must get a 401.
 */
import { SignJWT, UnsecuredJWT } from 'jose';

export const TOKEN_ISSUER = 'participation-ingest';

/** The five kinds every fuzz run uses, plus a few more that the same signer makes cheaply. */
export interface FuzzTokens {
  /** A real user token (from POST /auth/login): the only one that authenticates. */
  readonly validUser: string;
  /** Right key and claims, but `exp` in the past. */
  readonly expired: string;
  /** Right claims, signed with another key. */
  readonly wrongKey: string;
  /** `alg: none`, no signature, claiming role admin. */
  readonly algNone: string;
  /** The valid user token with its payload swapped for role admin; the signature is kept. */
  readonly tampered: string;
  readonly wrongIssuer?: string;
  /** Right key, HS512: the verifier accepts HS256 only. */
  readonly wrongAlgorithm?: string;
  /** Right key, role 'superuser'. */
  readonly unknownRole?: string;
  /** Right key, `nbf` an hour ahead. */
  readonly notYetValid?: string;
  /** The valid token with one character in the middle of its signature changed. */
  readonly tamperedSignature?: string;
  /** The valid token with its signature removed (`header.payload.`). */
  readonly strippedSignature?: string;
}

export type FuzzTokenName = keyof FuzzTokens;

export const FUZZ_TOKEN_NAMES = [
  'validUser',
  'expired',
  'wrongKey',
  'algNone',
  'tampered',
  'wrongIssuer',
  'wrongAlgorithm',
  'unknownRole',
  'notYetValid',
  'tamperedSignature',
  'strippedSignature',
] as const satisfies readonly FuzzTokenName[];

export interface MintOptions {
  /** The ingest's TOKEN_SECRET: expired and wrong-claim tokens are signed with the right key. */
  readonly secret: string;
  /** A token from POST /auth/login; the tampered variants start from it. */
  readonly validUser: string;
  readonly userId?: string;
  readonly nowSeconds?: number;
}

export async function mintFuzzTokens(options: MintOptions): Promise<Required<FuzzTokens>> {
  const userId = options.userId ?? 'fuzz-user';
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const rightKey = new TextEncoder().encode(options.secret);
  const otherKey = new TextEncoder().encode(`${options.secret}-but-another-key`);
  const sign = (
    claims: { role: string; sub?: string; iss?: string; iat?: number; exp?: number; nbf?: number },
    key: Uint8Array,
    alg = 'HS256',
  ) => {
    const jwt = new SignJWT({ role: claims.role })
      .setProtectedHeader({ alg })
      .setIssuer(claims.iss ?? TOKEN_ISSUER)
      .setIssuedAt(claims.iat ?? now)
      .setExpirationTime(claims.exp ?? now + 3600);
    if (claims.sub !== undefined) jwt.setSubject(claims.sub);
    if (claims.nbf !== undefined) jwt.setNotBefore(claims.nbf);
    return jwt.sign(key);
  };
  const [header, , signature = ''] = options.validUser.split('.');
  const adminPayload = Buffer.from(
    JSON.stringify({ role: 'admin', sub: userId, iss: TOKEN_ISSUER, iat: now, exp: now + 3600 }),
  ).toString('base64url');

  return {
    validUser: options.validUser,
    expired: await sign({ role: 'user', sub: userId, iat: now - 7200, exp: now - 3600 }, rightKey),
    wrongKey: await sign({ role: 'user', sub: userId }, otherKey),
    algNone: new UnsecuredJWT({ role: 'admin' })
      .setSubject(userId)
      .setIssuer(TOKEN_ISSUER)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .encode(),
    tampered: `${header}.${adminPayload}.${signature}`,
    wrongIssuer: await sign({ role: 'user', sub: userId, iss: 'someone-else' }, rightKey),
    wrongAlgorithm: await sign({ role: 'user', sub: userId }, rightKey, 'HS512'),
    unknownRole: await sign({ role: 'superuser', sub: userId }, rightKey),
    notYetValid: await sign({ role: 'user', sub: userId, nbf: now + 3600 }, rightKey),
    tamperedSignature: `${header}.${options.validUser.split('.')[1]}.${flipMiddle(signature)}`,
    strippedSignature: `${header}.${options.validUser.split('.')[1]}.`,
  };
}

/**
 * Changes one character in the middle of a base64url signature. Not the last one: its low bits
 * are padding, so some changes there decode to the very same signature bytes.
 */
function flipMiddle(signature: string): string {
  const at = Math.floor(signature.length / 2);
  const replacement = signature[at] === 'A' ? 'B' : 'A';
  return `${signature.slice(0, at)}${replacement}${signature.slice(at + 1)}`;
}
