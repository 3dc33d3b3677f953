import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AuthenticationRequiredError, ForbiddenRoleError } from '../../common';
import type { Identity, TokenVerifier } from '../tokens';

declare module 'express-serve-static-core' {
  interface Request {
    identity?: Identity;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

export function requireIdentity(verifier: TokenVerifier): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const match = BEARER.exec(req.get('authorization') ?? '');
    if (!match?.[1]) {
      return next(
        new AuthenticationRequiredError('send Authorization: Bearer <accessToken> (POST /auth/login)'),
      );
    }
    req.identity = await verifier.verify(match[1]);
    next();
  };
}

export const requireAdmin: RequestHandler = (req, _res, next) => {
  if (req.identity?.role !== 'admin') return next(new ForbiddenRoleError('this route needs an admin token'));
  next();
};

export function identityOf(req: Request): Identity {
  if (!req.identity) throw new AuthenticationRequiredError('no identity on the request');
  return req.identity;
}
