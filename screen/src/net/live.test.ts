import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { AlertView, EventView, ScopeSummary } from './protocol.js';
import type { ScreenSocketOptions } from './screen-socket.js';

const sockets: { opts: ScreenSocketOptions; started: boolean; stopped: boolean }[] = [];
vi.mock('./screen-socket.js', () => ({
  ScreenSocket: class {
    rec: (typeof sockets)[number];
    constructor(opts: ScreenSocketOptions) {
      this.rec = { opts, started: false, stopped: false };
      sockets.push(this.rec);
    }
    start() {
      this.rec.started = true;
    }
    stop() {
      this.rec.stopped = true;
    }
  },
}));

const { initNet, startLive, stopLive, signOut } = await import('./live.js');
const { useEventsStore } = await import('../stores/events.js');
const { useSessionStore } = await import('../stores/session.js');
const { useConnectionStore } = await import('../stores/connection.js');
const { useAlertsStore } = await import('../stores/alerts.js');

function alertView(seq: number, id: string, over: Partial<AlertView> = {}): AlertView {
  return {
    seq,
    id,
    kind: 'surge',
    rule: 'surge-street-1h',
    scope: '440303001',
    areaCode: '440303001',
    category: null,
    eventId: null,
    value: 12,
    baseline: 2,
    message: `alert ${id}`,
    raisedAt: new Date(Date.now() - 1000 * (100 - Number(id.slice(3)))).toISOString(),
    ackedBy: null,
    ackedAt: null,
    ...over,
  };
}

function view(seq: number, id: string, over: Partial<EventView> = {}): EventView {
  return {
    seq,
    id,
    sourceId: id,
    source: 's',
    category: '0102',
    status: 'REPORTED',
    urgency: 'normal',
    lon: 114,
    lat: 22.5,
    districtCode: '440303',
    streetCode: '440303001',
    gridCode: null,
    occurredAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    deadline: null,
    overdue: false,
    title: id,
    ...over,
  };
}

const summary = (seq: number, total: number): ScopeSummary => ({
  scope: '440303',
  seq,
  total,
  byStatus: { REPORTED: total },
  byCategory: { '0102': total },
  last24h: total,
  at: new Date().toISOString(),
});

const hello = (resync = false) => ({
  user: { username: 'leader-440303', role: 'leader', scope: '440303' },
  scope: '440303',
  seq: 12,
  resync,
});

type Route = (url: URL) => { status: number; body: unknown } | Promise<{ status: number; body: unknown }>;

function stubGateway(route: Route) {
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string) => {
      const url = new URL(input, 'http://screen.test');
      calls.push(url.pathname + url.search);
      const { status, body } = await route(url);
      return new Response(JSON.stringify(body), { status });
    }),
  );
  return calls;
}

const notFound = { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', error: 'Not Found', message: 'no' } };

describe('live wiring', () => {
  const onExpired = vi.fn();

  beforeEach(() => {
    sockets.length = 0;
    onExpired.mockReset();
    vi.stubGlobal('localStorage', undefined);
    setActivePinia(createPinia());
    initNet({ onExpired });
    useSessionStore().setSession('tok', { username: 'leader-440303', role: 'leader', scope: '440303' });
  });
  afterEach(() => {
    stopLive();
    signOut();
    vi.unstubAllGlobals();
  });

  it('loads the snapshot over REST, then connects resuming after its newest seq', async () => {
    const calls = stubGateway((url) => {
      if (url.pathname === '/api/events') return { status: 200, body: { events: [view(12, 'b'), view(10, 'a')] } };
      if (url.pathname === '/api/stats/summary') return { status: 200, body: summary(12, 40) };
      return notFound;
    });
    await startLive();
    expect(calls).toContain('/api/events?limit=200&area=440303');
    const events = useEventsStore();
    expect(events.feed.map((e) => e.id)).toEqual(['b', 'a']);
    expect(events.counts.total).toBe(40);
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.started).toBe(true);
    expect(sockets[0]!.opts.auth()).toEqual({ token: 'tok', since: 12, scope: '440303' });

    const h = sockets[0]!.opts.handlers;
    h.hello(hello());
    h.events([view(13, 'c')]);
    h.replayed({ seq: 13, count: 1 });
    h.events([view(14, 'd')]);
    expect(events.feed.map((e) => e.id)).toEqual(['d', 'c', 'b', 'a']);
    expect(events.isFresh('c')).toBe(false); // replayed catch-up is not news
    expect(events.isFresh('d')).toBe(true);
    expect(events.counts.total).toBe(42);
    expect(sockets[0]!.opts.auth().since).toBe(14);

    h.stats(summary(14, 50));
    expect(events.counts.total).toBe(50);
  });

  it('loads open alerts over REST and applies pushed alerts, newer seq winning', async () => {
    const calls = stubGateway((url) => {
      if (url.pathname === '/api/events') return { status: 200, body: { events: [view(12, 'b')] } };
      if (url.pathname === '/api/alerts') return { status: 200, body: { alerts: [alertView(11, 'al-2'), alertView(9, 'al-1')] } };
      return notFound;
    });
    await startLive();
    expect(calls).toContain('/api/alerts?status=open&area=440303');
    const alerts = useAlertsStore();
    expect(alerts.list.map((a) => a.id)).toEqual(['al-2', 'al-1']);
    expect(alerts.openCount).toBe(2);

    const h = sockets[0]!.opts.handlers;
    h.hello(hello());
    h.replayed({ seq: 12, count: 0 });
    // pushed while the reconnect's alert reload is in flight: applied on top of it
    h.alerts([alertView(13, 'al-3', { kind: 'overdue' }), alertView(14, 'al-1', { ackedBy: 'duty-440303', ackedAt: new Date().toISOString() })]);
    await vi.waitFor(() => expect(alerts.list.map((a) => a.id)).toEqual(['al-3', 'al-2', 'al-1']));
    expect(calls.filter((c) => c.startsWith('/api/alerts'))).toHaveLength(2);
    expect(alerts.byId.get('al-1')?.ackedBy).toBe('duty-440303');
    expect(alerts.openCount).toBe(2);
    expect(alerts.isFresh('al-3')).toBe(true);
    expect(alerts.byKind).toEqual({ overdue: 1, threshold: 0, surge: 2 });

    signOut();
    expect(alerts.list).toEqual([]);
  });

  it('keeps the screen running when the alert list cannot be loaded', async () => {
    stubGateway((url) => (url.pathname === '/api/events' ? { status: 200, body: { events: [view(3, 'a')] } } : notFound));
    await startLive();
    expect(useEventsStore().feed).toHaveLength(1);
    expect(useAlertsStore().list).toEqual([]);
    expect(sockets).toHaveLength(1);
  });

  it('narrows to a requested scope inside the user scope, never wider', async () => {
    stubGateway((url) =>
      url.pathname === '/api/events' ? { status: 200, body: { events: [] } } : notFound,
    );
    await startLive('440303001');
    expect(useConnectionStore().scope).toBe('440303001');
    await startLive('440304');
    expect(useConnectionStore().scope).toBe('440303');
    expect(sockets[0]!.stopped).toBe(true);
  });

  it('reloads over REST on a resync, keeping live views that arrive meanwhile', async () => {
    let release: () => void = () => {};
    let reloads = 0;
    stubGateway(async (url) => {
      if (url.pathname === '/api/events') {
        reloads++;
        if (reloads === 1) return { status: 200, body: { events: [view(5, 'a')] } };
        await new Promise<void>((r) => (release = r));
        return { status: 200, body: { events: [view(900, 'z'), view(899, 'y')] } };
      }
      return notFound;
    });
    await startLive();
    const events = useEventsStore();
    const h = sockets[0]!.opts.handlers;
    h.hello(hello(true));
    await vi.waitFor(() => expect(reloads).toBe(2));
    h.events([view(901, 'live')]);
    release();
    await vi.waitFor(() => expect(events.feed.map((e) => e.id)).toEqual(['live', 'z', 'y']));
    expect(events.lastSeq).toBe(901);
  });

  it('goes back to login, keeping the data, when the socket refuses the token', async () => {
    stubGateway((url) =>
      url.pathname === '/api/events' ? { status: 200, body: { events: [view(3, 'a')] } } : notFound,
    );
    await startLive();
    sockets[0]!.opts.handlers.unauthorized();
    const session = useSessionStore();
    expect(session.token).toBeNull();
    expect(session.expired).toBe(true);
    expect(onExpired).toHaveBeenCalledOnce();
    expect(useEventsStore().feed).toHaveLength(1);

    // Signing in again resumes from where the screen was, without reloading.
    session.setSession('tok2', { username: 'leader-440303', role: 'leader', scope: '440303' });
    const calls = stubGateway(() => notFound);
    await startLive();
    expect(calls.filter((c) => c.startsWith('/api/events'))).toEqual([]);
    expect(sockets.at(-1)!.opts.auth()).toEqual({ token: 'tok2', since: 3, scope: '440303' });
  });

  it('treats a REST 401 as an expired session', async () => {
    stubGateway(() => ({ status: 401, body: { statusCode: 401, code: 'UNAUTHORIZED', error: 'Unauthorized', message: 'expired' } }));
    await startLive();
    expect(onExpired).toHaveBeenCalledOnce();
    expect(sockets).toHaveLength(0);
  });
});
