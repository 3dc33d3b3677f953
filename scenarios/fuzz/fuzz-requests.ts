/**
 * fast-check arbitraries for requests the ingest must refuse (spec section 3), limited to what
 * schemathesis cannot express from the OpenAPI document (it checks every documented parameter,
 * query and body in `make test`). Every generated request is invalid by construction, so the only
 * acceptable answer is a 4xx with a JSON `{ code, message }` and no write anywhere (the
 * state-unchanged oracle of http-fuzz.ts):
 *
 *   route           why it must be refused
 *   participate     the real event with a forged or malformed token, or a body the body stage
 *                   refuses (the route takes none)
 *   read-request    a forged or malformed token
 *   list-mine       a forged or malformed token, or a refused body
 *   admin           a forged token (a tampered role=admin among them) or none
 *   wrong-route     unknown paths, path tricks, and known paths with a method they do not serve
 *
 * Requests are plain data (tokens by name, huge bodies by size), so a run of 10,000 is cheap to
 * generate and every one of them can be printed and replayed from (seed, index).
 *
 * The target must not have an event whose id starts with 'fuzz-unknown-' and its admin secret
 * must not start with 'fuzz-wrong-'.
 */
import fc from 'fast-check';
import { IDENTIFIER_PATTERN } from '../../services/common';
import type { FuzzTokenName, FuzzTokens } from './fuzz-tokens';

export type FuzzRoute = 'participate' | 'read-request' | 'list-mine' | 'admin' | 'wrong-route';

export type FuzzAuth =
  | { readonly kind: 'none' }
  /** `format` holds '{token}' where the named token goes: 'Bearer {token}', 'Basic {token}'... */
  | { readonly kind: 'token'; readonly token: FuzzTokenName; readonly format: string }
  | { readonly kind: 'raw'; readonly value: string };

export type HugeShape = 'json-string' | 'whitespace' | 'nested' | 'number-array' | 'unicode';

export type FuzzBody =
  | { readonly kind: 'none' }
  | { readonly kind: 'text'; readonly text: string }
  /** Raw bytes as hex: invalid UTF-8 and other things a string cannot hold. */
  | { readonly kind: 'bytes'; readonly hex: string }
  /** More than the 16 kB body limit; built at send time so 10,000 requests stay small. */
  | { readonly kind: 'huge'; readonly bytes: number; readonly shape: HugeShape };

export interface FuzzPayload {
  readonly contentType?: string;
  readonly contentEncoding?: string;
  /** Sent with Transfer-Encoding: chunked instead of a Content-Length. */
  readonly chunked: boolean;
  readonly body: FuzzBody;
}

export interface FuzzRequest extends FuzzPayload {
  readonly route: FuzzRoute;
  readonly method: string;
  /** The request-target exactly as sent: already percent-encoded, never normalised. */
  readonly path: string;
  readonly auth: FuzzAuth;
  readonly extraHeaders: Readonly<Record<string, string>>;
  /** The contract's reason to refuse it, for the report. */
  readonly why: string;
}

export interface FuzzArbitraryOptions {
  /** Token names the run can fill in; `validUser` must be among them. */
  readonly tokenNames: readonly FuzzTokenName[];
  /** An event that exists: participations to it are only sent when something else is wrong. */
  readonly realEventId?: string;
}

export const BODY_LIMIT_BYTES = 16 * 1024;
const MAX_HUGE_BYTES = 1024 * 1024;
const UNKNOWN_EVENT_PREFIX = 'fuzz-unknown-';
const WRONG_SECRET_PREFIX = 'fuzz-wrong-';

// ---- identifiers -----------------------------------------------------------------------------

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Percent-encodes a path segment; never throws (lone surrogates become U+FFFD first). */
export function encodeSegment(value: string): string {
  return encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD'));
}

const validIdentifier = fc.stringMatching(IDENTIFIER_PATTERN);

/** Strings that break the identifier rule (1-64 of [A-Za-z0-9_.:-], starting alphanumeric). */
const invalidIdentifier: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
    // Too long: 65 to 5000 characters that are otherwise allowed.
    fc
      .tuple(validIdentifier, fc.integer({ min: 65, max: 5000 }))
      .map(([seed, length]) => seed.repeat(Math.ceil(length / seed.length)).slice(0, length)),
    // One forbidden character somewhere in an otherwise valid id.
    fc
      .tuple(
        validIdentifier,
        fc.constantFrom('#', ' ', '/', '\\', '?', '%', '\u0000', '\n', 'é', '+', '|', '*'),
      )
      .chain(([id, bad]) =>
        fc.nat({ max: id.length }).map((at) => `${id.slice(0, at)}${bad}${id.slice(at)}`),
      ),
    // Allowed characters, but not allowed first.
    fc
      .tuple(fc.constantFrom('-', '_', '.', ':'), fc.stringMatching(/^[A-Za-z0-9]{0,10}$/))
      .map(([a, b]) => a + b),
    fc.constantFrom(
      '',
      ' ',
      '  EVT',
      'EVT ',
      'E V T',
      'EVT#1',
      '#',
      '..',
      '.',
      '../..',
      'ＥＶＴ',
      'EVT\u200b',
    ),
  )
  .filter((value) => !IDENTIFIER_PATTERN.test(value));

/** Raw (already encoded) segments that play path tricks on the router and the decoder. */
const trickSegment = fc.constantFrom(
  '..',
  '.',
  '..%2F',
  '..%2F..%2Fadmin',
  '%2e%2e',
  '%2e%2e%2f%2e%2e%2fhealthz',
  '%00',
  'EVT%00',
  '%2F',
  'a%2Fb',
  '%5C..%5C',
  '%25',
  '%zz',
  '%',
  'EVT%',
  '%E0%A4%A',
  '%ED%A0%80',
  '%C0%AE%C0%AE',
  '%FF%FE',
  '%20',
  '+',
  'a+b',
  '%23',
  'EVT%23x',
  'EVT#frag',
  '%3F',
  'EVT%3Flimit=1',
  '~',
  '*',
  '%0A',
  '%0D%0A',
  "'%20OR%201=1",
  '%7B%7D',
  '%EF%BC%A5%EF%BC%B6',
);

/** A segment that is no valid eventId (or requestId) once decoded, or no segment at all. */
const badSegment = fc.oneof(
  { weight: 5, arbitrary: invalidIdentifier.map(encodeSegment) },
  { weight: 3, arbitrary: trickSegment },
);

const unknownEventSegment = fc
  .stringMatching(/^[A-Za-z0-9_.:-]{0,40}$/)
  .map((suffix) => encodeSegment(`${UNKNOWN_EVENT_PREFIX}${suffix}`));

/** Valid-looking UUIDs that no request has (behind a refused token: 401 before any read). */
const strangerRequestId = fc.uuid({ version: 4 });

// ---- headers ---------------------------------------------------------------------------------

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

function authArbitraries(tokenNames: readonly FuzzTokenName[]) {
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

const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
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

// ---- bodies ----------------------------------------------------------------------------------

/** Media types that the ingest must refuse with 415 whenever a body is present. */
const NON_JSON_TYPES = [
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'application/xml',
  'text/xml',
  'text/html',
  'text/json',
  'application/vnd.api+json',
  'application/x-json',
  'application/octet-stream',
  'application/json, text/plain',
  '*/*',
  'application/*',
  'json',
  '',
] as const;
/** JSON with a charset the JSON parser does not support: 415. */
const UNSUPPORTED_CHARSET_TYPES = [
  'application/json; charset=latin1',
  'application/json; charset=iso-8859-1',
  'application/json; charset=us-ascii',
  'application/json ; charset=windows-1252',
] as const;
const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'Application/JSON',
  'application/json;charset="UTF-8"',
] as const;

const jsonType = fc.constantFrom(...JSON_TYPES);

/** JSON values of every shape: arrays, nested objects, nulls, numbers, unicode strings. */
const jsonValue = fc.jsonValue({ maxDepth: 4 });
const jsonContainer = fc.oneof(
  fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 12 }), jsonValue, { maxKeys: 6 }),
  fc.array(jsonValue, { maxLength: 6 }),
);

/** Texts the JSON parser refuses (it only takes an object or an array, strictly). */
const malformedJsonText: fc.Arbitrary<string> = fc.oneof(
  // Every proper prefix of an object or array text is incomplete.
  jsonContainer
    .map((value) => JSON.stringify(value))
    .chain((text) => fc.integer({ min: 1, max: text.length - 1 }).map((end) => text.slice(0, end))),
  fc.constantFrom(
    "{'userId':'alice'}",
    '{userId:"alice"}',
    '{"userId":"alice",}',
    '[1,]',
    '{"userId":"alice"}x',
    '{"userId":"alice"}{"userId":"bob"}',
    '{"a":01}',
    '{"a":NaN}',
    '{"a":Infinity}',
    '{"a":undefined}',
    '{"a":"\\x41"}',
    '/* comment */ {}',
    '"a string"',
    '123',
    '-0',
    'null',
    'true',
    ' ',
    '\n\t',
    'undefined',
    'userId=alice',
    '<userId>alice</userId>',
    '\u0000',
    // Not a lone BOM: the decoder strips it and an empty JSON body reads as {}.
    '\uFEFF{',
  ),
  // Anything not starting with { or [ (after whitespace) is refused by the strict parser.
  fc
    .tuple(
      fc.constantFrom('x', '<', '"', '1', '-', 'n', '\u00e9', '\u{1F600}'),
      fc.string({ unit: 'grapheme' }),
    )
    .map(([first, rest]) => first + rest),
  // Deeply nested and never closed.
  fc.integer({ min: 100, max: 8_000 }).map((depth) => '['.repeat(depth)),
  fc.integer({ min: 100, max: 4_000 }).map((depth) => '{"a":'.repeat(depth)),
);

/** Invalid UTF-8: a leading 0xFF can never start a JSON text. */
const invalidUtf8 = fc
  .uint8Array({ minLength: 0, maxLength: 64 })
  .map((bytes) => Buffer.concat([Buffer.from([0xff]), bytes]).toString('hex'));

const hugeBody = fc.record({
  bytes: fc.oneof(
    fc.integer({ min: BODY_LIMIT_BYTES + 1, max: 64 * 1024 }),
    fc.integer({ min: 64 * 1024, max: MAX_HUGE_BYTES }),
  ),
  shape: fc.constantFrom<HugeShape>('json-string', 'whitespace', 'nested', 'number-array', 'unicode'),
});

const someText = fc.oneof(
  jsonContainer.map((value) => JSON.stringify(value)),
  malformedJsonText,
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }),
  fc.constant('{"userId":"alice"}'),
);

const chunked = fc.boolean();

/**
 * Payloads that the body stage refuses before any route runs, whatever the route and token:
 * a non-empty body in another media type (415), malformed JSON (400), more than 16 kB (413),
 * a charset the JSON parser does not take (415), or a content encoding that does not decode.
 */
export const refusedPayload: fc.Arbitrary<FuzzPayload> = fc.oneof(
  fc.record({
    contentType: fc.constantFrom(...NON_JSON_TYPES),
    chunked,
    body: someText.map((text): FuzzBody => ({ kind: 'text', text })),
  }),
  fc.record({
    contentType: jsonType,
    chunked,
    body: fc.oneof(
      { weight: 4, arbitrary: malformedJsonText.map((text): FuzzBody => ({ kind: 'text', text })) },
      { weight: 1, arbitrary: invalidUtf8.map((hex): FuzzBody => ({ kind: 'bytes', hex })) },
    ),
  }),
  fc.record({
    contentType: fc.oneof(jsonType, fc.constantFrom(...NON_JSON_TYPES)),
    chunked,
    body: hugeBody.map((huge): FuzzBody => ({ kind: 'huge', ...huge })),
  }),
  fc.record({
    contentType: fc.constantFrom(...UNSUPPORTED_CHARSET_TYPES),
    chunked,
    body: someText.map((text): FuzzBody => ({ kind: 'text', text })),
  }),
  // Object and array texts start with '{' or '[': never a gzip (1f 8b) or zlib (x8) header.
  fc.record({
    contentType: jsonType,
    contentEncoding: fc.constantFrom('gzip', 'x-gzip', 'deflate', 'compress', 'zstd', 'fuzz'),
    chunked,
    body: jsonContainer.map((value): FuzzBody => ({ kind: 'text', text: JSON.stringify(value) })),
  }),
);

/** Any payload at all, including well-formed JSON that a route would read or ignore. */
const anyPayload: fc.Arbitrary<FuzzPayload> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<FuzzPayload>({ chunked: false, body: { kind: 'none' } }) },
  {
    weight: 1,
    arbitrary: fc.record({
      contentType: fc.constantFrom(...JSON_TYPES, ...NON_JSON_TYPES, 'application/json; charset=utf-16'),
      chunked: fc.constant(false),
      body: fc.constant<FuzzBody>({ kind: 'text', text: '' }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      contentType: fc.oneof(jsonType, fc.constant('application/json; charset=utf-16')),
      chunked,
      body: fc.oneof(
        jsonContainer.map((value): FuzzBody => ({ kind: 'text', text: JSON.stringify(value) })),
        // Deep but balanced nesting, under the limit.
        fc
          .integer({ min: 100, max: 8_000 })
          .map((depth): FuzzBody => ({ kind: 'text', text: `${'['.repeat(depth)}${']'.repeat(depth)}` })),
      ),
    }),
  },
  { weight: 2, arbitrary: refusedPayload },
);

// ---- login bodies ----------------------------------------------------------------------------

/**
 * Per the contract, could this JSON body log someone in? The contract names exactly two fields,
 * `{userId}` and `{userId, adminSecret}`: a body with any other key is treated as invalid (as
 * the reference ingest does). An admin secret is wrong when it is not a string, shorter than the
 * 8 characters any deployment needs, or starts with 'fuzz-wrong-'.
 */
export function couldBeValidLogin(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const fields = body as Record<string, unknown>;
  if (Object.keys(fields).some((key) => key !== 'userId' && key !== 'adminSecret')) return false;
  const { userId, adminSecret } = fields;
  const wrongSecret =
    'adminSecret' in fields &&
    (typeof adminSecret !== 'string' ||
      adminSecret.length < 8 ||
      adminSecret.startsWith(WRONG_SECRET_PREFIX));
  return typeof userId === 'string' && IDENTIFIER_PATTERN.test(userId) && !wrongSecret;
}

// ---- routes ----------------------------------------------------------------------------------

const INVALID_LIMITS = fc.oneof(
  fc.integer({ max: 0 }).map(String),
  fc.integer({ min: 101 }).map(String),
  fc.integer({ min: 1, max: 100 }).map((n) => `${n}.5`),
  fc.string({ unit: 'grapheme-ascii', maxLength: 10 }).map((s) => encodeURIComponent(`x${s}`)),
  fc.constantFrom('', 'NaN', 'Infinity', '-Infinity', '1e3', '%F0', '20abc', 'null', '-0', '1,2'),
  fc
    .tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 }))
    .map(([a, b]) => `${a}&limit=${b}`),
);

const anyQuery = fc.oneof(
  fc.constant(''),
  fc.integer({ min: 1, max: 100 }).map((n) => `?limit=${n}`),
  INVALID_LIMITS.map((limit) => `?limit=${limit}`),
  fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => `?${encodeURIComponent(s)}`),
  fc.constantFrom('?', '?&&', '?limit', '?cursor=%%%', '?cursor=e30', '?limit[a]=1', '?__proto__[x]=1'),
);

const UNREGISTERED_METHODS = ['PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

/**
 * Weighted so that most requests get past the body stage and reach authentication and the
 * handlers (which talk to DynamoDB), rather than all dying at the first check.
 */
function routeArbitraries(options: FuzzArbitraryOptions): fc.WeightedArbitrary<FuzzRequest>[] {
  const { refused, anyAuth } = authArbitraries(options.tokenNames);
  const request = (
    weight: number,
    route: FuzzRoute,
    method: fc.Arbitrary<string>,
    path: fc.Arbitrary<string>,
    auth: fc.Arbitrary<FuzzAuth>,
    payload: fc.Arbitrary<FuzzPayload>,
    why: string,
  ): fc.WeightedArbitrary<FuzzRequest> => ({
    weight,
    arbitrary: fc
      .record({ method, path, auth, payload, extraHeaders })
      .map(({ payload: p, ...rest }) => ({ route, why, ...rest, ...p })),
  });
  const participationPath = (segment: fc.Arbitrary<string>) =>
    segment.map((id) => `/events/${id}/participations`);

  const real = options.realEventId === undefined ? undefined : encodeSegment(options.realEventId);
  const realPath = real === undefined ? undefined : fc.constant(`/events/${real}/participations`);
  const post = fc.constant('POST');
  const get = fc.constant('GET');

  // Schemathesis (make test, scenarios/fuzz/schemathesis.ts) covers every parameter, query and
  // body the document describes: malformed and unknown ids, invalid limits, invalid logins. What
  // stays here is what a document cannot express: forged tokens, bodies the body stage refuses on
  // routes that take none, routes and methods that do not exist, and the state-unchanged oracle.
  const target = realPath ?? participationPath(unknownEventSegment);
  return [
    request(4, 'participate', post, target, refused, anyPayload, 'refused token'),
    request(2, 'participate', post, target, anyAuth, refusedPayload, 'refused body'),
    request(
      2,
      'read-request',
      get,
      strangerRequestId.map((id) => `/requests/${id}`),
      refused,
      anyPayload,
      'refused token',
    ),
    request(
      2,
      'list-mine',
      get,
      anyQuery.map((query) => `/me/participations${query}`),
      refused,
      anyPayload,
      'refused token',
    ),
    request(
      1,
      'list-mine',
      get,
      anyQuery.map((query) => `/me/participations${query}`),
      anyAuth,
      refusedPayload,
      'refused body',
    ),
    request(
      2,
      'admin',
      get,
      fc.oneof(
        strangerRequestId.map((id) => `/admin/requests/${id}`),
        anyQuery.map((query) => `/admin/events/${real ?? 'EVT'}/requests${query}`),
      ),
      refused,
      anyPayload,
      'forged or user token',
    ),
    request(
      2,
      'wrong-route',
      fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
      fc
        .array(fc.oneof(badSegment, validIdentifier), { minLength: 0, maxLength: 4 })
        .map((segments) => `/zz-${segments.join('/')}`),
      anyAuth,
      anyPayload,
      'unknown route',
    ),
    request(
      1,
      'wrong-route',
      fc.constantFrom(...UNREGISTERED_METHODS, 'POST'),
      fc.constantFrom(
        '/healthz',
        '/requests/00000000-0000-4000-8000-000000000000',
        '/me/participations',
        '/admin/requests/00000000-0000-4000-8000-000000000000',
        `/admin/events/${real ?? 'EVT'}/requests`,
      ),
      anyAuth,
      anyPayload,
      'method not served',
    ),
    request(
      1,
      'wrong-route',
      fc.constantFrom(...UNREGISTERED_METHODS, 'GET', 'HEAD'),
      fc.constantFrom('/auth/login', `/events/${real ?? 'EVT'}/participations`),
      anyAuth,
      anyPayload,
      'method not served',
    ),
    request(
      1,
      'wrong-route',
      fc.constantFrom('GET', 'POST'),
      fc.constantFrom(
        '/',
        '/events',
        `/events/${real ?? 'EVT'}`,
        `/events/${real ?? 'EVT'}/participations/x`,
        `/events/${real ?? 'EVT'}/participations/..`,
        '/requests',
        '/requests/',
        '/me',
        '/admin',
        '/admin/requests',
        '/admin/events',
        '/auth',
        '/auth/login/x',
        '/healthz/x',
        '//healthz',
        '/%68ealthz',
        '/.env',
        '/../../etc/passwd',
      ),
      anyAuth,
      anyPayload,
      'unknown route',
    ),
  ];
}

/** One arbitrary over every route, weighted so each refusal path is well exercised. */
export function fuzzRequestArbitrary(options: FuzzArbitraryOptions): fc.Arbitrary<FuzzRequest> {
  if (!options.tokenNames.includes('validUser')) throw new Error('tokenNames must include validUser');
  return fc.oneof(...routeArbitraries(options));
}

/** The run's requests, reproducible from the seed alone. */
export function generateFuzzRequests(options: FuzzArbitraryOptions & { seed: number; runs: number }) {
  return fc.sample(fuzzRequestArbitrary(options), { seed: options.seed, numRuns: options.runs });
}

// ---- materialisation -------------------------------------------------------------------------

export interface WireRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
  readonly chunked: boolean;
}

export function bodyBytes(body: FuzzBody): Buffer | undefined {
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'text':
      return Buffer.from(body.text, 'utf8');
    case 'bytes':
      return Buffer.from(body.hex, 'hex');
    case 'huge':
      return hugeBytes(body.bytes, body.shape);
  }
}

function hugeBytes(size: number, shape: HugeShape): Buffer {
  const fill = (head: string, unit: string, tail: string) => {
    const buffer = Buffer.alloc(size, unit);
    buffer.write(head, 0);
    buffer.write(tail, size - Buffer.byteLength(tail));
    return buffer;
  };
  switch (shape) {
    case 'json-string':
      return fill('{"userId":"', 'a', '"}');
    case 'whitespace':
      return fill('', ' ', '{}');
    case 'nested': {
      const half = Math.floor(size / 2);
      return Buffer.from(`${'['.repeat(half)}${']'.repeat(size - half)}`);
    }
    case 'number-array':
      return fill('[', '1,', '1]');
    case 'unicode':
      // 'é' is two bytes: the size stays above the limit in bytes and in characters.
      return fill('{"userId":"', 'é', '"}');
  }
}

export function toWireRequest(request: FuzzRequest, tokens: FuzzTokens): WireRequest {
  const headers: Record<string, string> = { ...request.extraHeaders };
  const authorization = authorizationValue(request.auth, tokens);
  if (authorization !== undefined) headers.authorization = authorization;
  if (request.contentType !== undefined) headers['content-type'] = request.contentType;
  if (request.contentEncoding !== undefined) headers['content-encoding'] = request.contentEncoding;
  const body = bodyBytes(request.body);
  if (body !== undefined) {
    if (request.chunked) headers['transfer-encoding'] = 'chunked';
    else headers['content-length'] = String(body.length);
  }
  return {
    method: request.method,
    path: request.path,
    headers,
    ...(body === undefined ? {} : { body }),
    chunked: request.chunked,
  };
}

function authorizationValue(auth: FuzzAuth, tokens: FuzzTokens): string | undefined {
  if (auth.kind === 'none') return undefined;
  if (auth.kind === 'raw') return auth.value;
  const token = tokens[auth.token];
  if (token === undefined) throw new Error(`the run has no ${auth.token} token`);
  return auth.format.replaceAll('{token}', token);
}

/** One line for a report: what was sent, with token names instead of token values. */
export function describeFuzzRequest(request: FuzzRequest): string {
  const auth =
    request.auth.kind === 'none'
      ? 'no auth'
      : request.auth.kind === 'raw'
        ? `auth ${JSON.stringify(clip(request.auth.value, 60))}`
        : `auth ${request.auth.format.replaceAll('{token}', `<${request.auth.token}>`)}`;
  const body =
    request.body.kind === 'none'
      ? 'no body'
      : request.body.kind === 'huge'
        ? `${request.body.bytes} B ${request.body.shape}`
        : request.body.kind === 'bytes'
          ? `bytes ${clip(request.body.hex, 40)}`
          : `body ${JSON.stringify(clip(request.body.text, 80))}`;
  const type = request.contentType === undefined ? '' : ` type ${JSON.stringify(request.contentType)}`;
  const encoding = request.contentEncoding === undefined ? '' : ` encoding ${request.contentEncoding}`;
  return `${request.method} ${clip(request.path, 120)} [${request.why}] ${auth};${type}${encoding} ${body}${request.chunked ? ' (chunked)' : ''}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}...(${text.length})`;
}
