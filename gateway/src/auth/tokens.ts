import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT, jwtVerify } from 'jose';
import { ROLES, type Role, type User } from './identities.js';

const ISSUER = 'gridcommand';
export const TOKEN_TTL_S = 12 * 3600;

/**
 * The signing secret: GRIDCOMMAND_SECRET when set, else one generated on first start and kept
 * beside the database, so a restart of the gateway does not log every screen out.
 */
export function loadOrCreateSecret(configured: string | null, dataDir: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'session-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = crypto.randomBytes(32).toString('base64url');
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}

/** Signs and checks session tokens (HS256). */
export class TokenSigner {
  private readonly key: Uint8Array;

  constructor(secret: string, readonly ttlS = TOKEN_TTL_S) {
    this.key = new TextEncoder().encode(secret);
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
