/**
 * The headers of the fuzz requests (fuzz-requests.ts): Authorization values that must not
 * authenticate (refused tokens by name, in odd spellings, raw strings of every shape), the
 * valid token for requests refused for another reason, and extra headers a client may send.
 * Tokens go by name so that a request stays printable; the run fills in their values.
 */
import fc from 'fast-check';
import type { FuzzTokenName } from './fuzz-tokens';

export type FuzzAuth =
  | { readonly kind: 'none' }
  /** `format` holds '{token}' where the named token goes: 'Bearer {token}', 'Basic {token}'... */
  | { readonly kind: 'token'; readonly token: FuzzTokenName; readonly format: string }
  | { readonly kind: 'raw'; readonly value: string };

/** Characters a header value may carry on the wire (Node refuses the others before sending). */
const headerChar = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0x80, max: 0xff }),
  fc.constant(0x09),
);
const headerText = (maxLength: number) =>
  fc.array(headerChar, { maxLength }).map((codes) => String.fromCharCode(...codes));

const TOKEN_FORMATS = [
  'Bearer {token}',
  'bearer {token}',
  'BEARER {token}',
  'Bearer  {token}',
  'Bearer\t{token}',
  '{token}',
  'Token {token}',
  'Basic {token}',
  'Bearer {token}.{token}',
  'Bearer {token}x',
  'Bearer "{token}"',
  'Bearer {token}, Bearer {token}',
  'Bearer {token}%00',
] as const;

const rawAuthorization = fc.oneof(
  fc.constantFrom(
    'Bearer',
    'Bearer ',
    'Basic dXNlcjpwYXNz',
    'Basic',
    'Digest username="admin"',
    'Negotiate YII=',
    'Bearer a.b.c',
    'Bearer ...',
    'Bearer eyJhbGciOiJub25lIn0.e30.',
    'Bearer eyJhbGciOiJIUzI1NiJ9.e30.',
    'Bearer null',
    'Bearer undefined',
  ),
  headerText(200).map((text) => `Bearer ${text}`),
  headerText(200),
  fc
    .tuple(headerText(40), headerText(40))
    .map(([user, pass]) => `Basic ${Buffer.from(`${user}:${pass}`, 'latin1').toString('base64')}`),
  // Right shape, random content.
  fc
    .array(fc.base64String({ minLength: 4, maxLength: 120 }), { minLength: 3, maxLength: 3 })
    .map((parts) => `Bearer ${parts.map((part) => part.replaceAll('=', '')).join('.')}`),
  // Long, but under Node's 16 kB header limit together with the longest path.
  fc.integer({ min: 1_000, max: 8_000 }).map((length) => `Bearer ${'A'.repeat(length)}`),
);

export function authArbitraries(tokenNames: readonly FuzzTokenName[]) {
  const refusedNames = tokenNames.filter((name) => name !== 'validUser');
  const formatted = (names: readonly FuzzTokenName[]) =>
    fc
      .record({ token: fc.constantFrom(...names), format: fc.constantFrom(...TOKEN_FORMATS) })
      .map(({ token, format }): FuzzAuth => ({ kind: 'token', token, format }));
  const refusedToken = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...refusedNames).map((token): FuzzAuth => bearer(token)) },
    { weight: 1, arbitrary: formatted(refusedNames) },
  );
  const refused: fc.Arbitrary<FuzzAuth> = fc.oneof(
    { weight: 2, arbitrary: fc.constant<FuzzAuth>({ kind: 'none' }) },
    { weight: 5, arbitrary: refusedToken },
    { weight: 3, arbitrary: rawAuthorization.map((value): FuzzAuth => ({ kind: 'raw', value })) },
  );
  const anyAuth: fc.Arbitrary<FuzzAuth> = fc.oneof(
    { weight: 6, arbitrary: refused },
    { weight: 3, arbitrary: fc.constant(bearer('validUser')) },
    // Odd spellings of the valid token; treated as "may authenticate" like the plain one.
    { weight: 1, arbitrary: formatted(['validUser']) },
  );
  return { refused, anyAuth };
}

function bearer(token: FuzzTokenName): FuzzAuth {
  return { kind: 'token', token, format: 'Bearer {token}' };
}

/** Could this header authenticate as the valid user? Conservative: any use of that token counts. */
export function mayAuthenticate(auth: FuzzAuth): boolean {
  return auth.kind === 'token' && auth.token === 'validUser';
}

export const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.dictionary(
      fc.constantFrom('x-forwarded-for', 'x-request-id', 'cookie', 'origin', 'accept', 'x-user-id', 'x-role'),
      headerText(100),
      { maxKeys: 3 },
    ),
  },
);
