import type { NextFunction, Request, Response } from 'express';
import type { User } from '../auth/identities.js';
import { can, type Permission } from '../auth/policy.js';
import type { Sessions } from '../auth/tokens.js';
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

/** Requires a valid session whose role holds `permission`; sets `req.user`. */
export function authorize(sessions: Sessions, permission: Permission) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const user = await sessions.verify(requestToken(req));
    if (!user) throw Errors.unauthorized();
    if (!can(user.role, permission)) throw Errors.forbidden(`role ${user.role} may not ${permission}`);
    req.user = user;
    next();
  };
}
