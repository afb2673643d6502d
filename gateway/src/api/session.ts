import type { NextFunction, Request, Response } from 'express';
import type { TokenSigner } from '../auth/tokens.js';
import type { User } from '../auth/identities.js';
import { Errors } from '../errors.js';

export const SESSION_COOKIE = 'gc_session';

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** The token a request carries: `Authorization: Bearer` first, then the session cookie. */
export function requestToken(req: Request): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1]?.trim() ?? cookie(req.headers.cookie, SESSION_COOKIE);
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: User;
  }
}

/** Requires a valid session; sets `req.user`. */
export function requireUser(tokens: TokenSigner) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const user = await tokens.verify(requestToken(req));
    if (!user) throw Errors.unauthorized();
    req.user = user;
    next();
  };
}
