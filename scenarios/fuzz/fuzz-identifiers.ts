/**
 * Path segments for the fuzz requests (fuzz-requests.ts): ids that break the identifier rule,
 * raw segments that play tricks on the router and the percent-decoder, and well-formed ids that
 * name nothing (an unknown event, a stranger's request).
 *
 * The target must not have an event whose id starts with 'fuzz-unknown-'.
 */
import fc from 'fast-check';
import { IDENTIFIER_PATTERN } from '../../services/common';

const UNKNOWN_EVENT_PREFIX = 'fuzz-unknown-';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Percent-encodes a path segment; never throws (lone surrogates become U+FFFD first). */
export function encodeSegment(value: string): string {
  return encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD'));
}

export const validIdentifier = fc.stringMatching(IDENTIFIER_PATTERN);

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
export const badSegment = fc.oneof(
  { weight: 5, arbitrary: invalidIdentifier.map(encodeSegment) },
  { weight: 3, arbitrary: trickSegment },
);

export const unknownEventSegment = fc
  .stringMatching(/^[A-Za-z0-9_.:-]{0,40}$/)
  .map((suffix) => encodeSegment(`${UNKNOWN_EVENT_PREFIX}${suffix}`));

/** Valid-looking UUIDs that no request has (behind a refused token: 401 before any read). */
export const strangerRequestId = fc.uuid({ version: 4 });
