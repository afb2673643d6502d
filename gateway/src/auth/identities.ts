import crypto from 'node:crypto';
import type { AreaIndex } from '../geo/areas.js';

export const ROLES = ['leader', 'duty', 'operator', 'participant'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  username: string;
  role: Role;
  scope: string;
}

export interface Source {
  /** the name stored with what it sends; never the key */
  name: string;
  scope: string;
  /** allowed items per second (token bucket, burst of 10 s) */
  ratePerS: number;
}

export const DEMO_PASSWORD = 'gridcommand-demo';

/** The demo list a dataset ships (datasets/<city>/users.json); never used with demo mode off. */
export interface DemoList {
  users: { username: string; role: Role; scope: string }[];
  sourceKeys: { key: string; scope: string; name?: string }[];
}

/**
 * The demo scopes of API.md: the city, every district, and the first street of every district.
 */
export function demoScopes(areas: AreaIndex): { city: string; districts: string[]; firstStreets: string[] } {
  const districts = (areas.byLevel.get('district') ?? []).map((a) => a.code).sort();
  const firstStreets = districts
    .map((d) =>
      (areas.byLevel.get('street') ?? [])
        .map((a) => a.code)
        .filter((c) => c.startsWith(d))
        .sort()[0],
    )
    .filter((c): c is string => !!c);
  return { city: areas.cityCode, districts, firstStreets };
}

function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

/**
 * Who may log in and which source keys exist. In this first cut only demo mode fills it;
 * the identity issue moves users and keys into DuckDB, hashed.
 */
export class Identities {
  private readonly users = new Map<string, { user: User; password: string }>();
  private readonly sources = new Map<string, Source>();

  /**
   * The demo identities of API.md: the dataset's users.json when it has one, else the same
   * names derived from the areas; plus keys for the first street of each district, so the
   * simulator can act as street platforms.
   */
  static demo(areas: AreaIndex, listed?: DemoList): Identities {
    const ids = new Identities();
    const { city, districts, firstStreets } = demoScopes(areas);
    const users = listed?.users ?? [city, ...districts, ...firstStreets].flatMap((scope) => ROLES.map((role) => ({ username: `${role}-${scope}`, role, scope })));
    for (const { username, role, scope } of users) {
      if (!ROLES.includes(role) || !areas.has(scope)) throw new Error(`demo user ${username}: bad role ${role} or unknown scope ${scope}`);
      ids.users.set(username, { user: { username, role, scope }, password: DEMO_PASSWORD });
    }
    const keyScopes = new Set([...(listed?.sourceKeys.map((k) => k.scope) ?? [city, ...districts]), ...firstStreets]);
    for (const scope of keyScopes) {
      if (!areas.has(scope)) throw new Error(`demo source key: unknown scope ${scope}`);
      ids.sources.set(`demo-source-${scope}`, { name: `demo-${scope}`, scope, ratePerS: 200_000 });
    }
    return ids;
  }

  login(username: string, password: string): User | null {
    const entry = this.users.get(username);
    // Compare even for unknown users so timing does not tell which usernames exist.
    const ok = sameSecret(password, entry?.password ?? '\u0000no-user');
    return entry && ok ? entry.user : null;
  }

  user(username: string): User | null {
    return this.users.get(username)?.user ?? null;
  }

  source(key: string | undefined): Source | null {
    if (!key) return null;
    return this.sources.get(key) ?? null;
  }

  listUsers(): User[] {
    return [...this.users.values()].map((e) => e.user);
  }
}
