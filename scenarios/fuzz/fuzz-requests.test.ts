import { parse as parseQuery } from 'node:querystring';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from './fuzz-payloads';
import {
  couldBeValidLogin,
  type FuzzRequest,
  fuzzRequestArbitrary,
  generateFuzzRequests,
} from './fuzz-requests';
import { FUZZ_TOKEN_NAMES, type FuzzTokens } from './fuzz-tokens';
import { toWireRequest, type WireRequest } from './wire-request';

const REAL_EVENT = 'EVT-REAL';
const TOKENS: Required<FuzzTokens> = {
  validUser: 'VALID.USER.TOKEN',
  expired: 'EXPIRED.TOKEN.X',
  wrongKey: 'WRONG.KEY.X',
  algNone: 'ALG.NONE.',
  tampered: 'TAMPERED.TOKEN.X',
  wrongIssuer: 'WRONG.ISSUER.X',
  wrongAlgorithm: 'WRONG.ALG.X',
  unknownRole: 'UNKNOWN.ROLE.X',
  notYetValid: 'NOT.YET.X',
  tamperedSignature: 'TAMPERED.SIG.X',
  strippedSignature: 'STRIPPED.SIG.',
};
const arbitrary = fuzzRequestArbitrary({ tokenNames: FUZZ_TOKEN_NAMES, realEventId: REAL_EVENT });

/**
 * An oracle written from the contract (spec section 3) and the HTTP rules of the JSON body
 * parser, on the wire form alone: could this request succeed? Conservative where unsure.
 */
function mayBeAccepted(wire: WireRequest): boolean {
  const authenticates = wire.headers.authorization?.includes(TOKENS.validUser) ?? false;
  const target = wire.path.split('#')[0] ?? '';
  const [rawPath = '', rawQuery = ''] = target.split(/\?(.*)/s);
  const path = rawPath.replace(/(.)\/$/, '$1');
  const method = wire.method === 'HEAD' ? 'GET' : wire.method;
  if (method === 'GET' && path.toLowerCase() === '/healthz') return true;
  if (method === 'POST' && path.toLowerCase() === '/auth/login') {
    const body = parsedBody(wire);
    return body !== REFUSED && couldBeValidLogin(body);
  }
  const participation = /^\/events\/([^/]+)\/participations$/i.exec(path);
  if (method === 'POST' && participation && safeDecode(participation[1] ?? '') === REAL_EVENT) {
    return authenticates && parsedBody(wire) !== REFUSED;
  }
  if (method === 'GET' && path.toLowerCase() === '/me/participations') {
    return authenticates && parsedBody(wire) !== REFUSED && limitIsValid(rawQuery);
  }
  return false;
}

const REFUSED = Symbol('refused');

function parsedBody(wire: WireRequest): unknown {
  const body = wire.body;
  if (body === undefined || body.length === 0) return {};
  const [media = '', ...params] = (wire.headers['content-type'] ?? '').split(';');
  if (media.trim().toLowerCase() !== 'application/json') return REFUSED;
  const charset = params
    .map((param) => param.trim().toLowerCase())
    .find((param) => param.startsWith('charset='))
    ?.slice('charset='.length)
    .replaceAll('"', '');
  if (charset !== undefined && !charset.startsWith('utf-')) return REFUSED;
  if (body.length > BODY_LIMIT_BYTES) return REFUSED;
  const encoding = (wire.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip')
    return body[0] === 0x1f && body[1] === 0x8b ? {} : REFUSED;
  if (encoding === 'deflate') return ((body[0] ?? 0) & 0x0f) === 8 ? {} : REFUSED;
  if (encoding === 'zstd') return body.length >= 4 && body.readUInt32LE(0) === 0xfd2fb528 ? {} : REFUSED;
  if (encoding !== 'identity') return REFUSED;
  if (charset !== undefined && charset !== 'utf-8') return {};
  const text = body.toString('utf8').replace(/^\uFEFF/, '');
  if (text.length === 0) return {};
  const first = text.replace(/^[ \t\n\r]*/, '')[0];
  if (first !== '{' && first !== '[') return REFUSED;
  try {
    return JSON.parse(text);
  } catch {
    return REFUSED;
  }
}

function limitIsValid(query: string): boolean {
  const limit = parseQuery(query).limit;
  if (limit === undefined) return true;
  if (Array.isArray(limit)) return false;
  const value = Number(limit);
  return Number.isInteger(value) && value >= 1 && value <= 100;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

describe('the fuzz request arbitraries', () => {
  it('generate only requests that the contract refuses', () => {
    fc.assert(
      fc.property(arbitrary, (request) => {
        expect(mayBeAccepted(toWireRequest(request, TOKENS))).toBe(false);
      }),
      { numRuns: 3_000, seed: 1 },
    );
  });

  it('generate requests Node can send: a printable ASCII target and headers under 16 kB', () => {
    fc.assert(
      fc.property(arbitrary, (request) => {
        const wire = toWireRequest(request, TOKENS);
        const headerBytes = Object.entries(wire.headers).reduce(
          (sum, [name, value]) => sum + name.length + Buffer.byteLength(value, 'latin1') + 4,
          wire.path.length,
        );
        expect(wire.path).toMatch(/^\/[\x21-\x7e]*$/);
        expect(headerBytes).toBeLessThan(15_000);
      }),
      { numRuns: 3_000, seed: 2 },
    );
  });

  it('cover every route, every reason and every token with a few hundred requests', () => {
    const requests = generateFuzzRequests({
      seed: 3,
      runs: 600,
      tokenNames: FUZZ_TOKEN_NAMES,
      realEventId: REAL_EVENT,
    });
    const tokens = new Set(requests.flatMap((r) => (r.auth.kind === 'token' ? [r.auth.token] : [])));

    expect(new Set(requests.map((r) => r.route))).toEqual(
      new Set(['participate', 'read-request', 'list-mine', 'admin', 'wrong-route']),
    );
    expect(new Set(requests.map((r) => r.why))).toEqual(
      new Set([
        'refused token',
        'refused body',
        'forged or user token',
        'unknown route',
        'method not served',
      ]),
    );
    expect(tokens).toEqual(new Set(FUZZ_TOKEN_NAMES));
    expect(requests.some((r) => r.body.kind === 'huge' && r.body.bytes > 64 * 1024)).toBe(true);
  });

  it('are reproducible from the seed alone', () => {
    const options = { runs: 200, tokenNames: FUZZ_TOKEN_NAMES, realEventId: REAL_EVENT };
    const first: FuzzRequest[] = generateFuzzRequests({ ...options, seed: 42 });

    expect(generateFuzzRequests({ ...options, seed: 42 })).toEqual(first);
    expect(generateFuzzRequests({ ...options, seed: 43 })).not.toEqual(first);
  });

  it('rest on an oracle that does accept valid requests, including the sneaky ones', () => {
    const participation: WireRequest = {
      method: 'POST',
      path: `/events/${REAL_EVENT}/participations`,
      headers: { authorization: `Bearer ${TOKENS.validUser}` },
      chunked: false,
    };
    const sneaky: WireRequest[] = [
      participation,
      { ...participation, path: `/EVENTS/${REAL_EVENT}/participations/` },
      { ...participation, path: `/events/${REAL_EVENT}/participations#x` },
      {
        ...participation,
        headers: { ...participation.headers, 'content-type': 'Application/JSON; charset="utf-8"' },
        body: Buffer.from('[]'),
      },
      {
        method: 'POST',
        path: '/auth/login',
        headers: { 'content-type': 'application/json' },
        body: Buffer.from('\uFEFF{"userId":"alice"}'),
        chunked: false,
      },
      { ...participation, method: 'GET', path: '/me/participations?limit=0x10' },
      { method: 'HEAD', path: '/healthz/', headers: {}, chunked: false },
    ];
    const refused: WireRequest[] = [
      { ...participation, headers: { authorization: `Bearer ${TOKENS.expired}` } },
      { ...participation, path: '/events/EVT-OTHER/participations' },
      {
        ...participation,
        headers: { ...participation.headers, 'content-type': 'text/plain' },
        body: Buffer.from('x'),
      },
      { ...participation, method: 'GET', path: '/me/participations?limit=1&limit=2' },
    ];

    expect(sneaky.map(mayBeAccepted)).toEqual(sneaky.map(() => true));
    expect(refused.map(mayBeAccepted)).toEqual(refused.map(() => false));
  });
});

describe('couldBeValidLogin', () => {
  it('accepts the two shapes of the contract and nothing else', () => {
    expect(
      [
        { userId: 'alice' },
        { userId: 'ops', adminSecret: 'a-real-looking-secret' },
        { userId: 'alice', role: 'admin' },
        { userId: 'a#b' },
        { userId: 'ops', adminSecret: 'fuzz-wrong-x' },
        { userId: 'ops', adminSecret: '' },
        [{ userId: 'alice' }],
        null,
      ].map(couldBeValidLogin),
    ).toEqual([true, true, false, false, false, false, false, false]);
  });
});
