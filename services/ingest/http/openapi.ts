/**
 * The OpenAPI 3.1 document of the ingest API (GET /openapi.json), generated from the same zod
 * schemas the routes validate with and answer in (inputs.ts, responses.ts): one source of truth.
 * OpenAPI 3.1 schemas are JSON Schema 2020-12, which zod writes itself (z.toJSONSchema).
 *
 * Every status a route can answer is listed, with its error body; 5xx appear only where a backing
 * service can be unreachable (503 + Retry-After), never as a catch-all.
 */
import { z } from 'zod';
import {
  EventIdParamSchema,
  EventRequestsQuerySchema,
  LoginBodySchema,
  MyParticipationsQuerySchema,
  RequestIdParamSchema,
} from './inputs';
import {
  AcceptedSchema,
  AdminEventRequestsSchema,
  AdminRequestSchema,
  ErrorBodySchema,
  HealthSchema,
  LoginAnswerSchema,
  MyParticipationsSchema,
  RequestViewSchema,
} from './responses';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
  }) as JsonSchema;
  return rest;
}

const json = (schema: z.ZodType) => ({ 'application/json': { schema: schemaOf(schema, 'output') } });

const retryAfter = {
  'Retry-After': {
    description: 'seconds to wait before retrying',
    schema: { type: 'string', pattern: '^[0-9]+$' },
  },
};

const errors = {
  400: {
    description: 'invalid input (every problem listed), or a malformed body or path',
    content: json(ErrorBodySchema),
  },
  401: { description: 'no token, or a token that is not valid', content: json(ErrorBodySchema) },
  403: { description: 'the token does not have the role this route needs', content: json(ErrorBodySchema) },
  404: { description: "not found (another user's request reads as missing)", content: json(ErrorBodySchema) },
  413: { description: 'the body is too large', content: json(ErrorBodySchema) },
  415: { description: 'a body that is not application/json', content: json(ErrorBodySchema) },
  429: {
    description: 'the edge rate limit refused the request (off unless configured)',
    headers: retryAfter,
    content: json(ErrorBodySchema),
  },
  503: {
    description: 'a backing service is unreachable; nothing is lost, retry after Retry-After',
    headers: retryAfter,
    content: json(ErrorBodySchema),
  },
} as const;

type ErrorStatus = keyof typeof errors;
/**
 * Node's HTTP server itself refuses a request line and headers above 16 KB, before any route, with
 * an empty 431: every operation can answer it.
 */
const headersTooLarge = { description: 'the request line or headers are too large (no body)' };
const pick = (...statuses: ErrorStatus[]) => ({
  ...Object.fromEntries(statuses.map((s) => [String(s), errors[s]])),
  431: headersTooLarge,
});

/** Path or query parameters of an object schema, one entry per property. */
function parameters(schema: z.ZodObject, where: 'path' | 'query') {
  const whole = schemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(whole.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (whole.required ?? []).includes(name),
    schema: property,
  }));
}

const bearer = [{ bearerAuth: [] }];

export function buildOpenApiDocument(info: { version: string }) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Participation ingest API',
      version: info.version,
      description:
        'First-come participation: POST answers 202 + requestId at once; a worker decides later. ' +
        'See the contract, spec section 3.',
    },
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    paths: {
      '/healthz': {
        get: {
          operationId: 'health',
          responses: { 200: { description: 'alive', content: json(HealthSchema) }, ...pick() },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'openapi',
          responses: {
            200: {
              description: 'this document',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
            ...pick(),
          },
        },
      },
      '/auth/login': {
        post: {
          operationId: 'login',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(LoginBodySchema, 'input') } },
          },
          responses: {
            200: { description: 'a signed token for the userId', content: json(LoginAnswerSchema) },
            ...pick(400, 401, 413, 415),
          },
        },
      },
      '/events/{eventId}/participations': {
        post: {
          operationId: 'participate',
          security: bearer,
          parameters: parameters(EventIdParamSchema, 'path'),
          responses: {
            202: {
              description: 'accepted; a duplicate gets the same requestId',
              content: json(AcceptedSchema),
            },
            ...pick(400, 401, 404, 415, 429, 503),
            403: {
              description: 'the waiting room is on and no admission ticket was sent',
              content: json(ErrorBodySchema),
            },
          },
        },
      },
      '/requests/{requestId}': {
        get: {
          operationId: 'getRequest',
          security: bearer,
          parameters: parameters(RequestIdParamSchema, 'path'),
          responses: {
            200: { description: 'the request, to its owner or an admin', content: json(RequestViewSchema) },
            ...pick(400, 401, 404, 503),
          },
        },
      },
      '/me/participations': {
        get: {
          operationId: 'myParticipations',
          security: bearer,
          parameters: parameters(MyParticipationsQuerySchema, 'query'),
          responses: {
            200: {
              description: "the caller's requests, newest first, QUEUED and later",
              content: json(MyParticipationsSchema),
            },
            ...pick(400, 401, 503),
          },
        },
      },
      '/admin/requests/{requestId}': {
        get: {
          operationId: 'adminRequest',
          security: bearer,
          parameters: parameters(RequestIdParamSchema, 'path'),
          responses: {
            200: { description: 'the item and its status-log timeline', content: json(AdminRequestSchema) },
            ...pick(400, 401, 403, 404, 503),
          },
        },
      },
      '/admin/events/{eventId}/requests': {
        get: {
          operationId: 'adminEventRequests',
          security: bearer,
          parameters: [
            ...parameters(EventIdParamSchema, 'path'),
            ...parameters(EventRequestsQuerySchema, 'query'),
          ],
          responses: {
            200: {
              description: 'a GSI2 page in queuedAt order, with counts',
              content: json(AdminEventRequestsSchema),
            },
            ...pick(400, 401, 403, 404, 503),
          },
        },
      },
    },
  };
}
