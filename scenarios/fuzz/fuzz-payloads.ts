/**
 * The bodies of the fuzz requests (fuzz-requests.ts): payloads the body stage must refuse
 * before any route runs (another media type, malformed JSON, more than 16 kB, an unsupported
 * charset or content encoding), and any payload at all for requests refused for another reason.
 * Huge bodies are plain data (a size and a shape), built at send time (wire-request.ts).
 */
import fc from 'fast-check';

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

export const BODY_LIMIT_BYTES = 16 * 1024;
const MAX_HUGE_BYTES = 1024 * 1024;

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
export const anyPayload: fc.Arbitrary<FuzzPayload> = fc.oneof(
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
