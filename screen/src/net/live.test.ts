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
  summaryMs: 2000,
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
    h.stream('events', [view(13, 'c')]);
    h.replayed({ seq: 13, count: 1 });
    h.stream('events', [view(14, 'd')]);
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
    // the replay after `since` carries alerts like every other stream: no reload over REST
    h.stream('alerts', [alertView(13, 'al-3', { kind: 'overdue' }), alertView(14, 'al-1', { ackedBy: 'duty-440303', ackedAt: new Date().toISOString() })]);
    h.replayed({ seq: 14, count: 2 });
    expect(alerts.list.map((a) => a.id)).toEqual(['al-3', 'al-2', 'al-1']);
    expect(calls.filter((c) => c.startsWith('/api/alerts'))).toHaveLength(1);
    expect(alerts.byId.get('al-1')?.ackedBy).toBe('duty-440303');
    expect(alerts.openCount).toBe(2);
    expect(alerts.isFresh('al-3')).toBe(true);
    expect(alerts.byKind).toEqual({ overdue: 1, threshold: 0, surge: 2 });

    signOut();
    expect(alerts.list).toEqual([]);
  });

  it('seeds every stream store over REST and resumes from the oldest snapshot’s seq', async () => {
    const pos = (seq: number, workerId: string, ts: string) => ({ seq, workerId, source: 's', ts, lon: 114.1, lat: 22.5, gridCode: null, areaCode: '440303001' });
    const cam = (seq: number, id: string, status: 'online' | 'offline') => ({ seq, id, source: 's', name: id, lon: 114.1, lat: 22.5, gridCode: null, areaCode: '440303001', hlsUrl: `/video/${id}.m3u8`, status, statusBy: 'source' as const });
    const calls = stubGateway((url) => {
      if (url.pathname === '/api/events') return { status: 200, body: { events: [view(12, 'b')], seq: 20 } };
      if (url.pathname === '/api/positions') return { status: 200, body: { positions: [pos(11, 'w1', '2026-12-01T01:00:00Z')], seq: 15, truncated: false } };
      if (url.pathname === '/api/cameras') return { status: 200, body: { cameras: [cam(3, 'c1', 'online')], seq: 18 } };
      if (url.pathname === '/api/feeds/stats') return { status: 200, body: { stats: [{ seq: 2, key: 'population.resident', areaCode: '440303', ts: '2026-12-01T00:00:00Z', value: 9 }], seq: 19 } };
      return notFound;
    });
    await startLive();
    expect(calls).toEqual(expect.arrayContaining(['/api/positions?area=440303', '/api/cameras?area=440303', '/api/feeds/stats?area=440303&exact=true']));
    const { usePositionsStore } = await import('../stores/positions.js');
    const { useCamerasStore } = await import('../stores/cameras.js');
    const { useFeedStatsStore } = await import('../stores/feed-stats.js');
    expect(usePositionsStore().list.map((p) => p.workerId)).toEqual(['w1']);
    expect(useCamerasStore().list.map((c) => c.status)).toEqual(['online']);
    expect(useFeedStatsStore().valueOf('440303', 'population.resident')).toBe(9);
    // the positions snapshot is the oldest: a replay from 15 brings what the others already hold, which they ignore
    expect(sockets[0]!.opts.auth().since).toBe(15);

    const h = sockets[0]!.opts.handlers;
    h.hello(hello());
    h.stream('events', [view(12, 'b')]); // already held
    h.stream('positions', [pos(16, 'w1', '2026-12-01T01:00:05Z'), pos(17, 'w2', '2026-12-01T01:00:05Z')]);
    h.stream('cameras', [cam(18, 'c1', 'online'), cam(21, 'c1', 'offline')]);
    h.replayed({ seq: 21, count: 5 });
    expect(useEventsStore().feed).toHaveLength(1);
    expect(usePositionsStore().byWorker.get('w1')?.seq).toBe(16);
    expect(usePositionsStore().list).toHaveLength(2);
    expect(useCamerasStore().list.map((c) => c.status)).toEqual(['offline']);
    expect(sockets[0]!.opts.auth().since).toBe(21);
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
    h.stream('events', [view(901, 'live')]);
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
