import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT, jwtVerify } from 'jose';
import type { IdentityStore } from '../db/identity-store.js';
import { ROLES, type Identities, type Role, type User } from './identities.js';

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

export interface TokenClaims {
  user: User;
  jti: string;
  expMs: number;
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
      .setJti(crypto.randomBytes(16).toString('base64url'))
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlS}s`)
      .sign(this.key);
  }

  /** The claims of a token, or null when it is missing, forged, malformed or expired. */
  async verify(token: string | undefined): Promise<TokenClaims | null> {
    if (!token) return null;
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'] });
      const role = payload.role as Role;
      const scope = payload.scope;
      if (!payload.sub || !payload.jti || !payload.exp || !ROLES.includes(role) || typeof scope !== 'string') return null;
      return { user: { username: payload.sub, role, scope }, jti: payload.jti, expMs: payload.exp * 1000 };
    } catch {
      return null;
    }
  }
}

/**
 * Sessions: a token is honoured while it is signed by us, unexpired, not logged out, and its
 * user is still enabled with the same role and scope (a disabled or re-scoped user is out at
 * once, whatever tokens they hold).
 */
export class Sessions {
  private constructor(
    private readonly signer: TokenSigner,
    private readonly ids: Identities,
    private readonly store: IdentityStore,
    private readonly revokedJti: Map<string, number>,
  ) {}

  static async open(signer: TokenSigner, ids: Identities, store: IdentityStore): Promise<Sessions> {
    return new Sessions(signer, ids, store, await store.revoked());
  }

  get ttlS(): number {
    return this.signer.ttlS;
  }

  issue(user: User): Promise<string> {
    return this.signer.sign(user);
  }

  async verify(token: string | undefined): Promise<User | null> {
    const claims = await this.signer.verify(token);
    if (!claims || this.revokedJti.has(claims.jti)) return null;
    const current = this.ids.user(claims.user.username);
    if (!current || current.role !== claims.user.role || current.scope !== claims.user.scope) return null;
    return current;
  }

  /** Logs a token out for good (until it would have expired anyway). */
  async revoke(token: string | undefined): Promise<User | null> {
    const claims = await this.signer.verify(token);
    if (!claims) return null;
    this.revokedJti.set(claims.jti, claims.expMs);
    await this.store.revoke(claims.jti, claims.expMs);
    return claims.user;
  }
}
