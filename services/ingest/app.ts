/**
 * Builds the ingest HTTP app from injected dependencies; main.ts alone reads config and wires
 * real clients. Routes follow spec section 3.
 */
import { timingSafeEqual } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import {
  AuthenticationRequiredError,
  type GateFlags,
  isGateOnFor,
  isVisibleToOwnerList,
  RequestNotFoundError,
} from '../common';
import type { AdmissionTickets } from './admission-ticket';
import { rateLimit } from './edge/rate-limit';
import type { RateLimiter } from './edge/token-bucket';
import { identityOf, requireAdmin, requireIdentity } from './http/authenticate';
import { errorResponder, sendError } from './http/error-responses';
import {
  decodeCursor,
  EventIdParamSchema,
  EventRequestsQuerySchema,
  encodeCursor,
  LoginBodySchema,
  MyParticipationsQuerySchema,
  parseInput,
  RequestIdParamSchema,
} from './http/inputs';
import { buildOpenApiDocument } from './http/openapi';
import { countBy, requestView } from './http/views';
import { type ParticipateDeps, participate } from './participate';
import type { TokenIssuer, TokenVerifier } from './tokens';

export interface IngestAppDeps extends ParticipateDeps {
  readonly tokens: TokenIssuer & TokenVerifier;
  readonly adminSecret: string;
  readonly logger: Logger;
  /** The waiting-room gate: where it is on for a user, a participation needs its admission ticket. */
  readonly gate?: { readonly flags: GateFlags; readonly tickets: AdmissionTickets };
  /** The edge rate limit of the participation route; absent means off (the G0 default). */
  readonly rateLimiter?: RateLimiter;
}

export const ADMISSION_TICKET_HEADER = 'x-admission-ticket';

const BODY_LIMIT = '16kb';

export function createIngestApp(deps: IngestAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(
    pinoHttp({
      logger: deps.logger,
      redact: ['req.headers.authorization'],
      // Successful requests are logged at debug: under a spike, a line per 202 costs throughput.
      // So are 429s: a limiter that refuses a flood must not log the flood.
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500
          ? 'error'
          : res.statusCode >= 400 && res.statusCode !== 429
            ? 'warn'
            : 'debug',
    }),
  );
  app.use(rejectNonJsonBodies);
  app.use(express.json({ limit: BODY_LIMIT }));
  const authenticated = requireIdentity(deps.tokens);
  const limited: RequestHandler = deps.rateLimiter
    ? rateLimit(deps.rateLimiter, deps.clock)
    : (_req, _res, next) => next();
  const openApi = buildOpenApiDocument({ version: '1' });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });

  app.post('/auth/login', async (req, res) => {
    const body = parseInput(LoginBodySchema, req.body ?? {}, 'body');
    let role: 'user' | 'admin' = 'user';
    if (body.adminSecret !== undefined) {
      if (!secretsEqual(body.adminSecret, deps.adminSecret)) {
        throw new AuthenticationRequiredError('the admin secret is wrong');
      }
      role = 'admin';
    }
    res.json(await deps.tokens.issue({ userId: body.userId, role }));
  });

  app.post('/events/:eventId/participations', authenticated, limited, async (req, res) => {
    const { eventId } = parseInput(EventIdParamSchema, req.params, 'eventId');
    const { userId } = identityOf(req);
    if (deps.gate && isGateOnFor(deps.gate.flags, userId)) {
      const ticket = req.get(ADMISSION_TICKET_HEADER) ?? '';
      if (!(await deps.gate.tickets.admits(ticket, userId, eventId))) {
        return sendError(
          res,
          403,
          'ADMISSION_REQUIRED',
          `the waiting room is on: send the ticket from POST /gate/events/${eventId}/enter as X-Admission-Ticket`,
        );
      }
    }
    const { requestId } = await participate(deps, { eventId, userId });
    res.status(202).json({ requestId });
  });

  app.get('/requests/:requestId', authenticated, async (req, res) => {
    const { requestId } = parseInput(RequestIdParamSchema, req.params, 'requestId');
    const identity = identityOf(req);
    const item = await deps.store.getRequest(requestId);
    // Someone else's request answers exactly like a missing one: existence is not leaked.
    if (!item || (identity.role !== 'admin' && item.userId !== identity.userId)) {
      throw new RequestNotFoundError(requestId);
    }
    res.json(requestView(item));
  });

  app.get('/me/participations', authenticated, async (req, res) => {
    const { limit } = parseInput(MyParticipationsQuerySchema, req.query, 'query');
    const items = await deps.store.listByUser(identityOf(req).userId, limit);
    res.json({ items: items.filter((item) => isVisibleToOwnerList(item.status)).map(requestView) });
  });

  app.get('/admin/requests/:requestId', authenticated, requireAdmin, async (req, res) => {
    const { requestId } = parseInput(RequestIdParamSchema, req.params, 'requestId');
    const [item, timeline] = await Promise.all([
      deps.store.getRequest(requestId),
      deps.store.getStatusLog(requestId),
    ]);
    if (!item) throw new RequestNotFoundError(requestId);
    res.json({ item, timeline });
  });

  app.get('/admin/events/:eventId/requests', authenticated, requireAdmin, async (req, res) => {
    const { eventId } = parseInput(EventIdParamSchema, req.params, 'eventId');
    const query = parseInput(EventRequestsQuerySchema, req.query, 'query');
    const event = await deps.events.find(eventId);
    if (!event) return sendError(res, 404, 'EVENT_NOT_FOUND', `event ${eventId} does not exist`);
    const [page, all] = await Promise.all([
      deps.store.listByEvent(eventId, query.limit, decodeCursor(query.cursor, eventId)),
      deps.store.listAllByEvent(eventId),
    ]);
    res.json({
      eventId,
      capacity: { total: event.capacityTotal },
      items: page.items.map(requestView),
      nextCursor: encodeCursor(page.nextCursor) ?? null,
      counts: {
        byStatus: countBy(all, (item) => item.status),
        byResultCode: countBy(all, (item) => item.resultCode),
      },
    });
  });

  app.use((_req, res) => sendError(res, 404, 'ROUTE_NOT_FOUND', 'no such route'));
  app.use(errorResponder);
  return app;
}

/** A body in another media type would be silently ignored by express.json(): refuse it instead. */
const rejectNonJsonBodies: RequestHandler = (req, res, next) => {
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if (hasBody && !req.is('application/json')) {
    return sendError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as Content-Type: application/json');
  }
  next();
};

function secretsEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
