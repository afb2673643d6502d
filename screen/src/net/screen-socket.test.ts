import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScreenAuth } from './protocol.js';

// A stand-in for socket.io-client's socket: records options, lets the test fire events.
class FakeSocket {
  handlers = new Map<string, ((...args: unknown[]) => void)[]>();
  active = true;
  connects = 0;
  disconnected = false;
  constructor(
    public url: string,
    public opts: { auth: (cb: (a: ScreenAuth) => void) => void; path: string },
  ) {}
  on(ev: string, fn: (...args: unknown[]) => void): this {
    this.handlers.set(ev, [...(this.handlers.get(ev) ?? []), fn]);
    return this;
  }
  fire(ev: string, ...args: unknown[]): void {
    for (const fn of this.handlers.get(ev) ?? []) fn(...args);
  }
  authNow(): ScreenAuth {
    let out: ScreenAuth | undefined;
    this.opts.auth((a) => (out = a));
    return out!;
  }
  connect(): void {
    this.connects++;
  }
  removeAllListeners(): void {
    this.handlers.clear();
  }
  disconnect(): void {
    this.disconnected = true;
  }
}

const sockets: FakeSocket[] = [];
vi.mock('socket.io-client', () => ({
  io: (url: string, opts: FakeSocket['opts']) => {
    const s = new FakeSocket(url, opts);
    sockets.push(s);
    return s;
  },
}));

const { ScreenSocket } = await import('./screen-socket.js');

function setup(lastSeq: { v: number }) {
  let now = 1_000_000;
  const states: string[] = [];
  const handlers = {
    hello: vi.fn(),
    stream: vi.fn(),
    replayed: vi.fn(),
    stats: vi.fn(),
    unauthorized: vi.fn(),
    state: vi.fn((s: string) => states.push(s)),
  };
  const client = new ScreenSocket({
    auth: () => (lastSeq.v > 0 ? { token: 't', since: lastSeq.v } : { token: 't' }),
    handlers,
    now: () => now,
    staleAfterMs: 5000,
    silenceMs: 20000,
  });
  client.start();
  const socket = sockets.at(-1)!;
  return { client, socket, handlers, states, advance: (ms: number) => (now += ms) };
}

const hello = { user: { username: 'u', role: 'leader', scope: '4403' }, scope: '4403', seq: 10, resync: false };

describe('ScreenSocket', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    sockets.length = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('connects to /screen and sends since from the latest seq on every attempt', () => {
    const seq = { v: 0 };
    const { socket, client } = setup(seq);
    expect(socket.url).toBe('/screen');
    expect(socket.opts.path).toBe('/socket.io');
    expect(socket.authNow()).toEqual({ token: 't' });
    seq.v = 42;
    expect(socket.authNow()).toEqual({ token: 't', since: 42 });
    client.stop();
  });

  it('goes connecting → live on hello → connecting on disconnect → stale after the grace period', () => {
    const { socket, client, states, advance, handlers } = setup({ v: 0 });
    expect(client.connectionState).toBe('connecting');
    socket.fire('connect');
    socket.fire('hello', hello);
    expect(handlers.hello).toHaveBeenCalledWith(hello);
    expect(client.connectionState).toBe('live');
    const lastAt = client.lastMessageTime;

    socket.fire('disconnect', 'transport close');
    expect(client.connectionState).toBe('connecting');
    advance(3000);
    client.checkStale();
    expect(client.connectionState).toBe('connecting');
    advance(3000);
    client.checkStale();
    expect(client.connectionState).toBe('stale');
    expect(client.lastMessageTime).toBe(lastAt);

    socket.fire('hello', hello);
    expect(client.connectionState).toBe('live');
    expect(states).toEqual(expect.arrayContaining(['connecting', 'live', 'stale']));
    client.stop();
  });

  it('marks a silent connection stale and recovers on the next message', () => {
    const { socket, client, advance, handlers } = setup({ v: 0 });
    socket.fire('hello', hello);
    advance(21000);
    client.checkStale();
    expect(client.connectionState).toBe('stale');
    socket.fire('events', []);
    expect(handlers.stream).toHaveBeenCalledWith('events', []);
    expect(client.connectionState).toBe('live');
    client.stop();
  });

  it('forwards every stream’s messages (alerts, positions, cameras, stat feeds), each counting as a message for staleness', () => {
    const { socket, client, advance, handlers } = setup({ v: 0 });
    socket.fire('hello', hello);
    advance(21000);
    client.checkStale();
    expect(client.connectionState).toBe('stale');
    const alert = { seq: 30, id: 'al-1', kind: 'overdue' };
    socket.fire('alerts', [alert]);
    expect(handlers.stream).toHaveBeenCalledWith('alerts', [alert]);
    expect(client.connectionState).toBe('live');
    expect(client.lastMessageTime).toBe(1_021_000);
    for (const message of ['positions', 'cameras', 'feedStats'] as const) {
      const views = [{ seq: 40 }];
      socket.fire(message, views);
      expect(handlers.stream).toHaveBeenLastCalledWith(message, views);
    }
    client.stop();
  });

  it('stops and reports an unauthorized refusal', () => {
    const { socket, client, handlers } = setup({ v: 0 });
    // told apart by the error body's code, not the message's text
    socket.fire('connect_error', Object.assign(new Error('missing or invalid session token'), { data: { statusCode: 401, code: 'UNAUTHORIZED', error: 'Unauthorized', message: 'missing or invalid session token' } }));
    expect(handlers.unauthorized).toHaveBeenCalledOnce();
    expect(client.running).toBe(false);
    expect(socket.disconnected).toBe(true);
  });

  it('retries by itself after a refusal socket.io does not retry', () => {
    const { socket, client } = setup({ v: 0 });
    socket.active = false;
    socket.fire('connect_error', new Error('server busy'));
    expect(socket.connects).toBe(0);
    vi.advanceTimersByTime(1100);
    expect(socket.connects).toBe(1);
    client.stop();
  });
});
