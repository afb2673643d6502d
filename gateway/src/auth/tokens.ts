import crypto from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { ROLES, type Role, type User } from './identities.js';

const ISSUER = 'gridcommand';
export const TOKEN_TTL_S = 12 * 3600;

/** Signs and checks session tokens (HS256). */
export class TokenSigner {
  private readonly key: Uint8Array;

  constructor(secret: string | null, readonly ttlS = TOKEN_TTL_S) {
    this.key = secret ? new TextEncoder().encode(secret) : crypto.randomBytes(32);
  }

  sign(user: User): Promise<string> {
    return new SignJWT({ role: user.role, scope: user.scope })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.username)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlS}s`)
      .sign(this.key);
  }

  /** The user a token names, or null when it is missing, forged, malformed or expired. */
  async verify(token: string | undefined): Promise<User | null> {
    if (!token) return null;
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'] });
      const role = payload.role as Role;
      const scope = payload.scope;
      if (!payload.sub || !ROLES.includes(role) || typeof scope !== 'string') return null;
      return { username: payload.sub, role, scope };
    } catch {
      return null;
    }
  }
}
