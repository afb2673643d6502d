import type { Database } from './database.js';

export interface UserRow {
  username: string;
  passwordHash: string;
  role: string;
  scope: string;
  disabled: boolean;
  demo: boolean;
  /** a grid worker's id in the city's worker registry (role `worker`) */
  workerId?: string | null;
}

export interface SourceKeyRow {
  name: string;
  keyHash: string;
  scope: string;
  ratePerS: number;
  /** workflow roles the source may act in: inspector, department (comma-separated) */
  roles: string;
  disabled: boolean;
  demo: boolean;
}

export interface AuditEntry {
  actor: string;
  role?: string | null;
  scope?: string | null;
  action: string;
  target?: string | null;
  detail?: unknown;
  ip?: string | null;
}

/** Users, source keys, revoked sessions and the audit log in DuckDB (parameterised SQL only). */
export class IdentityStore {
  constructor(private readonly db: Database) {}

  async users(): Promise<UserRow[]> {
    const rows = await this.db.query<{ username: string; password_hash: string; role: string; scope: string; disabled: boolean; demo: boolean; worker_id: string | null }>(
      'SELECT username, password_hash, role, scope, disabled, demo, worker_id FROM users ORDER BY username',
    );
    return rows.map((r) => ({ username: r.username, passwordHash: r.password_hash, role: r.role, scope: r.scope, disabled: r.disabled, demo: r.demo, workerId: r.worker_id }));
  }

  async upsertUser(u: UserRow): Promise<void> {
    await this.upsertUsers([u]);
  }

  /** Many users in one statement (a city's thousands of demo grid workers start in well under a second). */
  async upsertUsers(list: readonly UserRow[]): Promise<void> {
    if (!list.length) return;
    const doc = JSON.stringify(list.map((u) => ({ username: u.username, password_hash: u.passwordHash, role: u.role, scope: u.scope, disabled: u.disabled, demo: u.demo, worker_id: u.workerId ?? null })));
    await this.db.exec(
      `INSERT INTO users (username, password_hash, role, scope, disabled, demo, worker_id)
       SELECT u.username, u.password_hash, u.role, u.scope, u.disabled, u.demo, u.worker_id
       FROM (SELECT unnest(json_transform($1::JSON, '[{"username":"VARCHAR","password_hash":"VARCHAR","role":"VARCHAR","scope":"VARCHAR","disabled":"BOOLEAN","demo":"BOOLEAN","worker_id":"VARCHAR"}]'), recursive := true)) u
       ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role,
         scope = excluded.scope, disabled = excluded.disabled, demo = excluded.demo, worker_id = excluded.worker_id, updated_at = now()`,
      [doc],
    );
  }

  async setUserDisabled(username: string, disabled: boolean): Promise<void> {
    await this.db.exec('UPDATE users SET disabled = $2, updated_at = now() WHERE username = $1', [username, disabled]);
  }

  async setPassword(username: string, passwordHash: string): Promise<void> {
    await this.db.exec('UPDATE users SET password_hash = $2, updated_at = now() WHERE username = $1', [username, passwordHash]);
  }

  async keys(): Promise<SourceKeyRow[]> {
    const rows = await this.db.query<{ name: string; key_hash: string; scope: string; rate_per_s: number; roles: string | null; disabled: boolean; demo: boolean }>(
      'SELECT name, key_hash, scope, rate_per_s, roles, disabled, demo FROM source_keys ORDER BY name',
    );
    return rows.map((r) => ({ name: r.name, keyHash: r.key_hash, scope: r.scope, ratePerS: r.rate_per_s, roles: r.roles ?? '', disabled: r.disabled, demo: r.demo }));
  }

  async upsertKey(k: SourceKeyRow): Promise<void> {
    await this.db.exec(
      `INSERT INTO source_keys (name, key_hash, scope, rate_per_s, roles, disabled, demo) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (name) DO UPDATE SET key_hash = excluded.key_hash, scope = excluded.scope,
         rate_per_s = excluded.rate_per_s, roles = excluded.roles, disabled = excluded.disabled, demo = excluded.demo`,
      [k.name, k.keyHash, k.scope, k.ratePerS, k.roles, k.disabled, k.demo],
    );
  }

  async setKeyDisabled(name: string, disabled: boolean): Promise<void> {
    await this.db.exec('UPDATE source_keys SET disabled = $2 WHERE name = $1', [name, disabled]);
  }

  /** Demo mode off: no demo account or key may remain. */
  async deleteDemo(): Promise<void> {
    await this.db.control(async (c) => {
      await c.run('DELETE FROM users WHERE demo');
      await c.run('DELETE FROM source_keys WHERE demo');
    });
  }

  async revoke(jti: string, expiresAtMs: number): Promise<void> {
    await this.db.exec('INSERT INTO revoked_sessions VALUES ($1, to_timestamp($2)) ON CONFLICT DO NOTHING', [jti, expiresAtMs / 1000]);
  }

  /** Revoked sessions not yet expired (older ones are deleted: their tokens are refused anyway). */
  async revoked(): Promise<Map<string, number>> {
    await this.db.exec('DELETE FROM revoked_sessions WHERE expires_at < now()');
    const rows = await this.db.query<{ jti: string; ms: bigint }>('SELECT jti, epoch_ms(expires_at) AS ms FROM revoked_sessions');
    return new Map(rows.map((r) => [r.jti, Number(r.ms)]));
  }

  async audit(e: AuditEntry): Promise<void> {
    await this.db.exec('INSERT INTO audit_log (actor, role, scope, action, target, detail, ip) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      e.actor,
      e.role ?? null,
      e.scope ?? null,
      e.action,
      e.target ?? null,
      e.detail === undefined ? null : JSON.stringify(e.detail),
      e.ip ?? null,
    ]);
  }

  /** The newest audit rows filed inside a scope. */
  async auditRows(scope: string, limit = 100): Promise<{ at: Date; actor: string; role: string | null; scope: string | null; action: string; target: string | null; detail: string | null; ip: string | null }[]> {
    return this.db.query(
      'SELECT at_time AS at, actor, role, scope, action, target, detail, ip FROM audit_log WHERE starts_with(scope, $1) ORDER BY id DESC LIMIT $2',
      [scope, limit],
    );
  }
}
