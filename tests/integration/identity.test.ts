import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventView } from '../../gateway/protocol/events.js';
import { TokenSigner } from '../../gateway/src/auth/tokens.js';
import { anEvent, login, postJson, refusalCode, screenClient, startTestGateway, tempDir, waitFor, type Gateway } from '../support/gateway-harness.js';

const SECRET = 'identity-test-secret-0123456789';
const IN_GUIYUAN = [114.11, 22.55] as const; // 440303001

async function get(gw: Gateway, path: string, token?: string) {
  const res = await fetch(`${gw.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('identity, roles and scope', () => {
  let gw: Gateway;
  const tokens: Record<string, string> = {};
  let eventId: string;

  beforeAll(async () => {
    gw = await startTestGateway({ tokenSecret: SECRET, dataDir: tempDir() });
    for (const u of ['leader-4403', 'duty-440303', 'operator-440303', 'participant-440303', 'leader-440303', 'leader-440304']) tokens[u] = await login(gw.url, u);
    await postJson(`${gw.url}/api/ingest/events`, { events: [anEvent(...IN_GUIYUAN)] }, 'demo-source-440303');
    const { body } = await get(gw, '/api/events', tokens['leader-440303']);
    eventId = (body.events as EventView[])[0]!.id;
  });
  afterAll(async () => {
    await gw?.close();
  });

  // Written out by hand: what each role may do (200) or not (403). No token is 401 everywhere.
  const ROUTES: { path: () => string; leader: number; duty: number; operator: number; participant: number }[] = [
    { path: () => '/api/events', leader: 200, duty: 200, operator: 200, participant: 200 },
    { path: () => `/api/events/${eventId}`, leader: 200, duty: 200, operator: 200, participant: 200 },
    { path: () => '/api/stats/summary', leader: 200, duty: 200, operator: 200, participant: 200 },
    { path: () => '/api/areas?level=street', leader: 200, duty: 200, operator: 200, participant: 200 },
    { path: () => '/api/categories', leader: 200, duty: 200, operator: 200, participant: 200 },
    { path: () => '/api/auth/me', leader: 200, duty: 200, operator: 200, participant: 200 },
    { path: () => '/api/audit', leader: 200, duty: 403, operator: 403, participant: 403 },
  ];
  const ROLE_USERS = { leader: 'leader-440303', duty: 'duty-440303', operator: 'operator-440303', participant: 'participant-440303' } as const;

  for (const route of ROUTES) {
    for (const role of ['leader', 'duty', 'operator', 'participant'] as const) {
      it(`${role} → GET ${route.path.toString().match(/'([^']+)'|`([^`]+)`/)?.slice(1).find(Boolean)}: ${route[role]}`, async () => {
        expect((await get(gw, route.path(), tokens[ROLE_USERS[role]])).status).toBe(route[role]);
      });
    }
    it(`no token → ${route.path.toString()}: 401`, async () => {
      expect((await get(gw, route.path())).status).toBe(401);
    });
  }

  it('refuses a session token where a source key is due, and a source key where a session is due', async () => {
    expect((await postJson(`${gw.url}/api/ingest/events`, { events: [anEvent(...IN_GUIYUAN)] }, tokens['leader-4403'])).status).toBe(401);
    expect((await get(gw, '/api/events', 'demo-source-4403')).status).toBe(401);
  });

  it('narrows by a forged area inside the scope and refuses one outside it', async () => {
    const luohu = tokens['leader-440303']!;
    expect((await get(gw, '/api/events?area=4403', luohu)).status).toBe(403);
    expect((await get(gw, '/api/events?area=440304', luohu)).status).toBe(403);
    expect((await get(gw, '/api/stats/summary?area=440304', luohu)).status).toBe(403);
    const futian = await get(gw, '/api/events', tokens['leader-440304']);
    expect(futian.body.events).toEqual([]); // the Luohu event is not theirs
    expect((await get(gw, `/api/events/${eventId}`, tokens['leader-440304'])).status).toBe(404);
    const narrowed = await get(gw, '/api/events?area=440303001', luohu);
    expect((narrowed.body.events as EventView[]).every((e) => e.streetCode === '440303001')).toBe(true);
    // a scope in the login body is not a thing: unknown fields are refused
    expect((await postJson(`${gw.url}/api/auth/login`, { username: 'leader-440303', password: 'gridcommand-demo', scope: '4403' })).status).toBe(400);
  });

  it('refuses expired, tampered, logged-out and disabled-user tokens', async () => {
    const shortLived = new TokenSigner(SECRET, 1);
    const expired = await shortLived.sign({ username: 'leader-4403', role: 'leader', scope: '4403' });
    expect((await get(gw, '/api/auth/me', expired)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2100));
    expect((await get(gw, '/api/auth/me', expired)).status).toBe(401);

    const [h, p, sig] = tokens['leader-440303']!.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const widened = Buffer.from(JSON.stringify({ ...claims, scope: '4403' })).toString('base64url');
    expect((await get(gw, '/api/events', `${h}.${widened}.${sig}`)).status).toBe(401);
    const other = await new TokenSigner('another-secret-abcdefghijklmnop').sign({ username: 'leader-4403', role: 'leader', scope: '4403' });
    expect((await get(gw, '/api/events', other)).status).toBe(401);
    expect((await get(gw, '/api/events', 'not.a.token')).status).toBe(401);

    const mine = await login(gw.url, 'duty-440303');
    const out = await fetch(`${gw.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${mine}` } });
    expect(out.status).toBe(200);
    expect((await get(gw, '/api/auth/me', mine)).status).toBe(401);
    const s = screenClient(gw.url, { token: mine });
    expect(await refusalCode(s.ready)).toBe('UNAUTHORIZED');
    s.close();

    await gw.ids.addUser('temp-officer', 'duty', '440303', 'temp-officer-pw');
    const temp = (await postJson(`${gw.url}/api/auth/login`, { username: 'temp-officer', password: 'temp-officer-pw' })).body.token as string;
    expect((await get(gw, '/api/auth/me', temp)).status).toBe(200);
    await gw.ids.setUserDisabled('temp-officer', true);
    expect((await get(gw, '/api/auth/me', temp)).status).toBe(401);
    expect((await postJson(`${gw.url}/api/auth/login`, { username: 'temp-officer', password: 'temp-officer-pw' })).status).toBe(401);
  });

  it('treats SQL-injection strings in every text filter as data', async () => {
    const t = tokens['leader-4403']!;
    const attacks = ["' OR 1=1 --", "4403'; DROP TABLE events; --", '0102) OR (1=1', '%', "\\'; SELECT * FROM users; --"];
    for (const a of attacks) {
      const q = encodeURIComponent(a);
      for (const path of [`/api/events?status=${q}`, `/api/events?category=${q}`, `/api/events?area=${q}`, `/api/events?since=${q}`, `/api/events?limit=${q}`, `/api/stats/summary?area=${q}`, `/api/areas?level=grid&parent=${q}`, `/api/events/${q}`]) {
        const r = await get(gw, path, t);
        expect([400, 404]).toContain(r.status);
      }
      const l = await postJson(`${gw.url}/api/auth/login`, { username: a, password: a });
      expect(l.status).toBe(401);
    }
    const all = await get(gw, '/api/events', t);
    expect((all.body.events as EventView[]).length).toBeGreaterThan(0);
    expect((await get(gw, '/api/auth/me', t)).status).toBe(200);
  });

  it('writes audit rows for logins and failed logins, readable by a leader within scope', async () => {
    await postJson(`${gw.url}/api/auth/login`, { username: 'duty-440303', password: 'wrong-password' });
    const { body } = await get(gw, '/api/audit?limit=50', tokens['leader-440303']);
    const rows = body.audit as { actor: string; action: string; scope: string }[];
    expect(rows.some((r) => r.action === 'login_failed' && r.actor === 'duty-440303')).toBe(true);
    expect(rows.some((r) => r.action === 'login' && r.actor === 'leader-440303')).toBe(true);
    expect(rows.every((r) => r.scope.startsWith('440303'))).toBe(true);
  });

  it('rate-limits login attempts', async () => {
    let status = 0;
    for (let i = 0; i < 15 && status !== 429; i++) status = (await postJson(`${gw.url}/api/auth/login`, { username: 'leader-440304', password: 'guess' })).status;
    expect(status).toBe(429);
    // while that name is locked for this address, other people still log in
    expect((await postJson(`${gw.url}/api/auth/login`, { username: 'leader-4403', password: 'gridcommand-demo' })).status).toBe(200);
  });
});

describe('scoped fan-out at volume', () => {
  let gw: Gateway;
  afterAll(async () => {
    await gw?.close();
  });

  it('delivers 100,000 events over the city to 50 scoped sockets with none outside their scope', async () => {
    // No escalation tick: these events are overdue, and an escalation is a new change of a case (a second view).
    gw = await startTestGateway({ datasetDir: 'datasets/shenzhen', tickMs: 50, escalateMs: 3_600_000 });
    const districts = gw.areas.byLevel.get('district')!.map((a) => a.code);
    const streets = gw.areas.byLevel.get('street')!.map((a) => a.code);
    const grids = gw.areas.byLevel.get('grid')!.map((a) => a.code);
    // 50 screens: the city, every district, the first street of each, and screens narrowed by their users to streets, communities and grids.
    const scopes: { user: string; scope?: string }[] = [{ user: 'leader-4403' }];
    for (const d of districts) scopes.push({ user: `leader-${d}` });
    for (const d of districts) scopes.push({ user: `duty-${streets.find((s) => s.startsWith(d))}` });
    for (let i = 0; scopes.length < 35; i++) scopes.push({ user: 'duty-4403', scope: streets[(i * 7) % streets.length] });
    for (let i = 0; scopes.length < 43; i++) scopes.push({ user: 'leader-4403', scope: grids[(i * 97) % grids.length]!.slice(0, 12) });
    for (let i = 0; scopes.length < 50; i++) scopes.push({ user: `operator-${grids[(i * 131) % grids.length]!.slice(0, 6)}`, scope: grids[(i * 131) % grids.length] });
    const tokenOf = new Map<string, string>();
    for (const s of scopes) if (!tokenOf.has(s.user)) tokenOf.set(s.user, await login(gw.url, s.user));
    const screens = scopes.map((s) => screenClient(gw.url, { token: tokenOf.get(s.user)!, scope: s.scope }));
    await Promise.all(screens.map((s) => s.ready));
    const scopeOf = screens.map((s) => s.hello!.scope);

    // 100,000 events at random places in the city, 5,000 a batch
    const all = gw.areas.byLevel.get('grid')!;
    const placed: string[] = [];
    let n = 0;
    for (let b = 0; b < 20; b++) {
      const events = [];
      for (let i = 0; i < 5000; i++) {
        const g = all[(n * 7919) % all.length]!;
        const [w, s, e, nn] = g.bbox;
        // the grid's bounding-box centre, placed wherever it falls (the source gives no grid)
        const lon = (w + e) / 2;
        const lat = (s + nn) / 2;
        const where = gw.areas.place(lon, lat);
        if (!where) {
          n++;
          i--;
          continue;
        }
        placed.push(where.gridCode!);
        events.push(anEvent(lon, lat, { id: `vol-${n++}` }));
      }
      const r = await postJson(`${gw.url}/api/ingest/events`, { events }, 'demo-source-4403');
      expect(r.status).toBe(200);
    }
    expect(placed.length).toBe(100_000);
    const expected = scopeOf.map((scope) => placed.filter((g) => g.startsWith(scope)).length);
    await waitFor(() => screens.every((s, i) => s.received.length >= expected[i]!), 60_000, 'every screen to receive its events');
    await new Promise((r) => setTimeout(r, 300));
    for (const [i, s] of screens.entries()) {
      const outside = s.received.filter((e) => !(e.gridCode ?? e.streetCode).startsWith(scopeOf[i]!));
      expect(outside.length).toBe(0);
      expect(s.received.length).toBe(expected[i]);
    }
    expect(expected[0]).toBe(100_000);
    screens.forEach((s) => s.close());
  }, 180_000);
});
