/**
 * Every error answer is JSON `{ code, message }` with a stable code. Domain errors map to their
 * status here and only here; anything unknown is a 500 whose details stay in the log.
 */
import type { ErrorRequestHandler, Response } from 'express';
import { DomainError, InvalidInputError, isTransientError } from '../../common';

const STATUS_BY_CODE: Record<string, number> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  EVENT_NOT_FOUND: 404,
  REQUEST_NOT_FOUND: 404,
  QUEUE_UNAVAILABLE: 503,
};

/**
 * Seconds a client should wait after a 503. A retry is a duplicate and heals the request itself;
 * without one, the recovery sweep re-enqueues it within SWEEP_MIN_AGE_MS + SWEEP_INTERVAL_MS.
 */
export const RETRY_AFTER_SECONDS = 5;

const PARSER_ERRORS: Record<string, [string, string]> = {
  'entity.too.large': ['PAYLOAD_TOO_LARGE', 'the body is too large'],
  'entity.parse.failed': ['MALFORMED_BODY', 'the body is not valid JSON'],
  'charset.unsupported': ['UNSUPPORTED_CHARSET', 'send the body as UTF-8 JSON'],
  'encoding.unsupported': ['UNSUPPORTED_ENCODING', 'send the body without a content encoding'],
  'request.aborted': ['REQUEST_ABORTED', 'the body was not sent completely'],
};

export function sendError(res: Response, status: number, code: string, message: string, extra = {}) {
  res.status(status).json({ code, message, ...extra });
}

export const errorResponder: ErrorRequestHandler = (err, req, res, _next) => {
  if (err instanceof DomainError) {
    const status = STATUS_BY_CODE[err.code] ?? 500;
    if (err.code === 'QUEUE_UNAVAILABLE') res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    const issues = err instanceof InvalidInputError && err.issues.length > 0 ? { issues: err.issues } : {};
    if (status >= 500) req.log?.error({ err }, 'request_failed');
    return sendError(res, status, err.code, err.message, issues);
  }
  // body-parser errors carry their own 4xx status and a `type`.
  const parserStatus = typeof err?.status === 'number' ? err.status : undefined;
  if (parserStatus && parserStatus >= 400 && parserStatus < 500) {
    const [code, message] = PARSER_ERRORS[String(err.type)] ?? [
      'MALFORMED_REQUEST',
      'the request could not be read',
    ];
    return sendError(res, parserStatus, code, message);
  }
  // A path parameter that is not valid percent-encoding (/events/%zz/...).
  if (err instanceof URIError)
    return sendError(res, 400, 'MALFORMED_PATH', 'the path is not valid percent-encoding');
  if (isTransientError(err)) {
    // Throttling, timeouts, 5xx of DynamoDB: the client should simply try again. A retry is
    // safe: it is idempotent by (eventId, userId), and a request left RECEIVED is healed.
    req.log?.warn({ err }, 'dependency_unavailable');
    res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    return sendError(
      res,
      503,
      'DEPENDENCY_UNAVAILABLE',
      'a backing service is busy or unreachable; retry shortly',
    );
  }
  req.log?.error({ err }, 'request_failed');
  return sendError(res, 500, 'INTERNAL', 'an internal error occurred; see the service log');
};
