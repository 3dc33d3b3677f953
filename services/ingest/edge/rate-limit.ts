/** The rate limit in front of the participation route: 429, Retry-After and a JSON error. */
import type { RequestHandler } from 'express';
import type { Clock } from '../../common';
import { identityOf } from '../http/authenticate';
import { sendError } from '../http/error-responses';
import type { RateLimiter } from './token-bucket';

export function rateLimit(limiter: RateLimiter, clock: Clock): RequestHandler {
  return (req, res, next) => {
    const decision = limiter.check(identityOf(req).userId, clock.now());
    if (decision.allowed) return next();
    res.setHeader('Retry-After', String(decision.retryAfterSeconds));
    return sendError(
      res,
      429,
      'RATE_LIMITED',
      decision.scope === 'user'
        ? 'too many participation requests from this user; retry after the Retry-After seconds'
        : 'the service is taking too many participation requests; retry after the Retry-After seconds',
      { scope: decision.scope },
    );
  };
}
