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

  static demo(areas: AreaIndex): Identities {
    const ids = new Identities();
    const { city, districts, firstStreets } = demoScopes(areas);
    for (const scope of [city, ...districts, ...firstStreets]) {
      for (const role of ROLES) {
        const username = `${role}-${scope}`;
        ids.users.set(username, { user: { username, role, scope }, password: DEMO_PASSWORD });
      }
    }
    // Keys for the city and every district (API.md), and the first streets so the simulator can act as street sources.
    for (const scope of [city, ...districts, ...firstStreets]) {
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
