import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { levelOf } from '../../protocol/scope.js';
import type { IdentityStore, SourceKeyRow, UserRow } from '../db/identity-store.js';
import type { AreaIndex } from '../geo/areas.js';

import { ROLES, STAFF_ROLES, type Role } from '../../protocol/roles.js';
import { SOURCE_ROLES, type SourceRole } from '../../protocol/workflow.js';

export { ROLES, type Role };

export interface User {
  username: string;
  role: Role;
  scope: string;
  /** role `worker`: the grid worker's id in the city's worker registry */
  workerId?: string;
}

/** A grid worker of the city's registry, as demo accounts need it. */
export interface RegistryWorker {
  id: string;
  gridCode: string;
}

export { SOURCE_ROLES, type SourceRole };

export interface Source {
  /** the name stored with what it sends; never the key */
  name: string;
  scope: string;
  /** allowed items per second (token bucket, burst of 10 s) */
  ratePerS: number;
  /** the workflow roles it may act in (an inspector's app, a department's system); none for a plain reporter */
  roles: SourceRole[];
}

export const DEMO_PASSWORD = 'gridcommand-demo';
export const DEMO_SOURCE_RATE = 200_000;
export const DEFAULT_SOURCE_RATE = 2_000;

/** The demo list a dataset ships (datasets/<city>/users.json); never used with demo mode off. */
export interface DemoList {
  users: { username: string; role: Role; scope: string }[];
  sourceKeys: { key: string; scope: string; name?: string }[];
}

/** A refusal of an admin operation, with a message that names what was wrong. */
export class IdentityError extends Error {}

/**
 * The demo scopes of API.md: the city, every district, and the first street of every district.
 */
export function demoScopes(areas: AreaIndex): { city: string; districts: string[]; firstStreets: string[] } {
  const districts = (areas.byLevel.get('district') ?? []).map((a) => a.code).sort();
  const streets = (areas.byLevel.get('street') ?? []).map((a) => a.code).sort();
  const firstStreets = districts.map((d) => streets.find((c) => c.startsWith(d))).filter((c): c is string => !!c);
  return { city: areas.cityCode, districts, firstStreets };
}

export const hashKey = (key: string): string => crypto.createHash('sha256').update(key).digest('hex');

// Verified against when a username is unknown, so that timing does not tell which names exist.
const UNKNOWN_USER_HASH = '$argon2id$v=19$m=19456,t=2,p=1$b0woX6FUB4tfpO0vtTsbvg$a2dMCYCkI180oXTpndwPdxkgE3nl57bMLchaM6vGIvY';

/**
 * Who may log in and which sources may send: stored hashed in DuckDB, held in memory for the
 * hot paths (every ingest request looks its key up), changed only through this class so that
 * the memory and the table never disagree.
 */
export class Identities {
  private users = new Map<string, UserRow>();
  private keys = new Map<string, SourceKeyRow>();

  private constructor(
    private readonly store: IdentityStore,
    private readonly areas: AreaIndex,
  ) {}

  /**
   * Loads users and keys. In demo mode the demo accounts and keys of API.md are provisioned
   * (one argon2 hash of the published demo password serves them all); with demo mode off every
   * demo row is deleted and a gateway without users refuses to start.
   */
  static async open(
    store: IdentityStore,
    areas: AreaIndex,
    opts: { demo: boolean; demoList?: DemoList; demoWorkers?: readonly RegistryWorker[]; manageOnly?: boolean },
  ): Promise<Identities> {
    const ids = new Identities(store, areas);
    if (opts.manageOnly) {
      // the admin command: manage what is stored, provision nothing
      await ids.reload();
      return ids;
    }
    if (opts.demo) await ids.provisionDemo(opts.demoList, opts.demoWorkers ?? []);
    else await store.deleteDemo();
    await ids.reload();
    if (!opts.demo && ![...ids.users.values()].some((u) => !u.disabled)) {
      throw new Error('demo mode is off (GRIDCOMMAND_DEMO=0) and no users are configured: add one with `npm run admin -- user add <name> --role <role> --scope <code>`');
    }
    return ids;
  }

  private async reload(): Promise<void> {
    this.users = new Map((await this.store.users()).map((u) => [u.username, u]));
    this.keys = new Map((await this.store.keys()).map((k) => [k.keyHash, k]));
  }

  private async provisionDemo(listed: DemoList | undefined, workers: readonly RegistryWorker[]): Promise<void> {
    const { city, districts, firstStreets } = demoScopes(this.areas);
    const staff: { username: string; role: Role; scope: string; workerId?: string }[] =
      listed?.users ?? [city, ...districts, ...firstStreets].flatMap((scope) => STAFF_ROLES.map((role) => ({ username: `${role}-${scope}`, role, scope })));
    const existing = new Map((await this.store.users()).map((u) => [u.username, u]));
    const wanted = [...staff, ...demoWorkerUsers(workers, this.areas)];
    const changed: { username: string; role: Role; scope: string; workerId?: string }[] = [];
    for (const u of wanted) {
      this.checkRoleAndScope(u.role, u.scope);
      const have = existing.get(u.username);
      if (have?.demo && have.role === u.role && have.scope === u.scope && (have.workerId ?? undefined) === u.workerId && !have.disabled) continue;
      changed.push(u);
    }
    if (changed.length) {
      const demoHash = await hash(DEMO_PASSWORD);
      await this.store.upsertUsers(changed.map((u) => ({ username: u.username, passwordHash: demoHash, role: u.role, scope: u.scope, disabled: false, demo: true, workerId: u.workerId ?? null })));
    }
    // Keys for the city and every district (API.md), and the first streets so the simulator can act as street platforms.
    const keyScopes = new Set([...(listed?.sourceKeys.map((k) => k.scope) ?? [city, ...districts]), ...firstStreets]);
    for (const scope of keyScopes) {
      this.checkScope(scope);
      await this.store.upsertKey({ name: `demo-${scope}`, keyHash: hashKey(`demo-source-${scope}`), scope, ratePerS: DEMO_SOURCE_RATE, roles: 'inspector,department', disabled: false, demo: true });
    }
  }

  private checkScope(scope: string): void {
    if (!levelOf(scope) || !this.areas.has(scope)) throw new IdentityError(`unknown scope "${scope}": use the code of the city, a district, street, community or grid of this city (e.g. 4403, 440303)`);
  }

  private checkRoleAndScope(role: string, scope: string): asserts role is Role {
    if (!(ROLES as readonly string[]).includes(role)) throw new IdentityError(`unknown role "${role}": one of ${ROLES.join(', ')}`);
    this.checkScope(scope);
  }

  async login(username: string, password: string): Promise<User | null> {
    const row = this.users.get(username);
    const ok = await verify(row?.passwordHash ?? UNKNOWN_USER_HASH, password).catch(() => false);
    if (!row || row.disabled || !ok) return null;
    return userOf(row);
  }

  /** The current record of an enabled user (a token is honoured only while this matches it). */
  user(username: string): User | null {
    const row = this.users.get(username);
    if (!row || row.disabled) return null;
    return userOf(row);
  }

  source(key: string | undefined): Source | null {
    if (!key) return null;
    const row = this.keys.get(hashKey(key));
    if (!row || row.disabled) return null;
    return { name: row.name, scope: row.scope, ratePerS: row.ratePerS, roles: row.roles.split(',').filter((r): r is SourceRole => (SOURCE_ROLES as readonly string[]).includes(r)) };
  }

  listUsers(): Omit<UserRow, 'passwordHash'>[] {
    return [...this.users.values()].map(({ passwordHash: _h, ...u }) => u);
  }

  listKeys(): Omit<SourceKeyRow, 'keyHash'>[] {
    return [...this.keys.values()].map(({ keyHash: _h, ...k }) => k).sort((a, b) => a.name.localeCompare(b.name));
  }

  async addUser(username: string, role: string, scope: string, password: string, workerId?: string): Promise<void> {
    if (!/^[a-zA-Z0-9._-]{2,64}$/.test(username)) throw new IdentityError(`bad username "${username}": 2–64 letters, digits, . _ -`);
    this.checkRoleAndScope(role, scope);
    if (role === 'worker' && (levelOf(scope) !== 'grid' || !workerId)) throw new IdentityError('a worker is scoped to their grid and linked to the worker registry: --scope <grid code> --worker <worker id>');
    if (role !== 'worker' && workerId) throw new IdentityError(`--worker is only for role worker, not ${role}`);
    if (this.users.has(username)) throw new IdentityError(`user "${username}" exists: use reset or disable`);
    checkPassword(password);
    await this.store.upsertUser({ username, passwordHash: await hash(password), role, scope, disabled: false, demo: false, workerId: workerId ?? null });
    await this.reload();
  }

  async setUserDisabled(username: string, disabled: boolean): Promise<void> {
    if (!this.users.has(username)) throw new IdentityError(`no user "${username}"`);
    await this.store.setUserDisabled(username, disabled);
    await this.reload();
  }

  async resetPassword(username: string, password: string): Promise<void> {
    if (!this.users.has(username)) throw new IdentityError(`no user "${username}"`);
    checkPassword(password);
    await this.store.setPassword(username, await hash(password));
    await this.reload();
  }

  /** Creates a source key; the key itself is returned once and only its hash is stored. */
  async addKey(name: string, scope: string, ratePerS = DEFAULT_SOURCE_RATE, roles: string[] = []): Promise<string> {
    const badRole = roles.find((r) => !(SOURCE_ROLES as readonly string[]).includes(r));
    if (badRole !== undefined) throw new IdentityError(`unknown source role "${badRole}": ${SOURCE_ROLES.join(', ')} (or none for a plain reporter)`);
    if (!/^[a-zA-Z0-9._-]{2,64}$/.test(name)) throw new IdentityError(`bad source name "${name}": 2–64 letters, digits, . _ -`);
    this.checkScope(scope);
    if (!Number.isInteger(ratePerS) || ratePerS < 1 || ratePerS > 1_000_000) throw new IdentityError(`bad rate ${ratePerS}: an integer from 1 to 1,000,000 items/s`);
    if (this.listKeys().some((k) => k.name === name)) throw new IdentityError(`source "${name}" exists: disable it first or choose another name`);
    const key = `gck_${crypto.randomBytes(32).toString('base64url')}`;
    await this.store.upsertKey({ name, keyHash: hashKey(key), scope, ratePerS, roles: roles.join(','), disabled: false, demo: false });
    await this.reload();
    return key;
  }

  async setKeyDisabled(name: string, disabled: boolean): Promise<void> {
    if (!this.listKeys().some((k) => k.name === name)) throw new IdentityError(`no source "${name}"`);
    await this.store.setKeyDisabled(name, disabled);
    await this.reload();
  }
}

function userOf(row: UserRow): User {
  return { username: row.username, role: row.role as Role, scope: row.scope, ...(row.workerId ? { workerId: row.workerId } : {}) };
}

/**
 * The demo grid workers' accounts: `worker-<gridCode>` for the first worker of the registry in
 * each grid of the city, scoped to that grid and linked to the worker's id.
 */
export function demoWorkerUsers(workers: readonly RegistryWorker[], areas: AreaIndex): { username: string; role: 'worker'; scope: string; workerId: string }[] {
  const byGrid = new Map<string, RegistryWorker>();
  for (const w of workers) if (areas.has(w.gridCode) && !byGrid.has(w.gridCode)) byGrid.set(w.gridCode, w);
  return [...byGrid.values()].map((w) => ({ username: `worker-${w.gridCode}`, role: 'worker', scope: w.gridCode, workerId: w.id }));
}

function checkPassword(password: string): void {
  if (password.length < 10) throw new IdentityError('password too short: at least 10 characters');
}
