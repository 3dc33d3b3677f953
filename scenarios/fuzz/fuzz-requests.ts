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
 * generate and every one of them can be printed and replayed from (seed, index). Their parts come
 * from fuzz-identifiers.ts (path segments), fuzz-auth.ts (headers) and fuzz-payloads.ts (bodies);
 * wire-request.ts turns a request into what is sent.
 *
 * The target must not have an event whose id starts with 'fuzz-unknown-' and its admin secret
 * must not start with 'fuzz-wrong-'.
 */
import fc from 'fast-check';
import { IDENTIFIER_PATTERN } from '../../services/common';
import { authArbitraries, extraHeaders, type FuzzAuth } from './fuzz-auth';
import {
  badSegment,
  encodeSegment,
  strangerRequestId,
  unknownEventSegment,
  validIdentifier,
} from './fuzz-identifiers';
import { anyPayload, type FuzzPayload, refusedPayload } from './fuzz-payloads';
import type { FuzzTokenName } from './fuzz-tokens';

export type FuzzRoute = 'participate' | 'read-request' | 'list-mine' | 'admin' | 'wrong-route';

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

const WRONG_SECRET_PREFIX = 'fuzz-wrong-';

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
  const real = options.realEventId === undefined ? undefined : encodeSegment(options.realEventId);
  // Paths refused for their route or method: any event id will do, the real one when known.
  const someEvent = real ?? 'EVT';
  const post = fc.constant('POST');
  const get = fc.constant('GET');
  const myParticipations = anyQuery.map((query) => `/me/participations${query}`);

  // Schemathesis (make test, scenarios/fuzz/schemathesis.ts) covers every parameter, query and
  // body the document describes: malformed and unknown ids, invalid limits, invalid logins. What
  // stays here is what a document cannot express: forged tokens, bodies the body stage refuses on
  // routes that take none, routes and methods that do not exist, and the state-unchanged oracle.
  const target =
    real === undefined
      ? unknownEventSegment.map((id) => `/events/${id}/participations`)
      : fc.constant(`/events/${real}/participations`);
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
    request(2, 'list-mine', get, myParticipations, refused, anyPayload, 'refused token'),
    request(1, 'list-mine', get, myParticipations, anyAuth, refusedPayload, 'refused body'),
    request(
      2,
      'admin',
      get,
      fc.oneof(
        strangerRequestId.map((id) => `/admin/requests/${id}`),
        anyQuery.map((query) => `/admin/events/${someEvent}/requests${query}`),
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
        `/admin/events/${someEvent}/requests`,
      ),
      anyAuth,
      anyPayload,
      'method not served',
    ),
    request(
      1,
      'wrong-route',
      fc.constantFrom(...UNREGISTERED_METHODS, 'GET', 'HEAD'),
      fc.constantFrom('/auth/login', `/events/${someEvent}/participations`),
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
        `/events/${someEvent}`,
        `/events/${someEvent}/participations/x`,
        `/events/${someEvent}/participations/..`,
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
