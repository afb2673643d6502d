// The windows of a spliced wall share page, selection and drill-down through the gateway.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WallState } from '../../gateway/protocol/wall.js';
import { socketErrorBody } from '../../gateway/protocol/errors.js';
import { login, refusalCode, screenClient, startTestGateway, waitFor, type Gateway } from '../support/gateway-harness.js';

const state = (over: Partial<WallState> = {}): WallState => ({
  page: 0,
  selection: { area: null, category: null, eventId: null },
  scope: null,
  from: '0,0',
  ...over,
});

function tile(gw: Gateway, token: string, id: string, t: [number, number]) {
  const c = screenClient(gw.url, { token, wall: { id, rows: 1, cols: 2, tile: t } });
  const got: WallState[] = [];
  c.socket.on('wall', (s) => got.push(s));
  return { ...c, got };
}

describe('a spliced wall through the gateway', () => {
  let gw: Gateway;
  let luohu: string;
  let city: string;
  const open: { close: () => void }[] = [];

  beforeAll(async () => {
    gw = await startTestGateway();
    luohu = await login(gw.url, 'leader-440303');
    city = await login(gw.url, 'leader-4403');
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await gw?.close();
  });

  it('relays a window’s state to the wall’s other windows (not back, not to another user’s wall of the same id)', async () => {
    const a = tile(gw, luohu, 'hall', [0, 0]);
    const b = tile(gw, luohu, 'hall', [0, 1]);
    const other = tile(gw, city, 'hall', [0, 1]);
    open.push(a, b, other);
    await Promise.all([a.ready, b.ready, other.ready]);
    const sent = state({ page: 1, selection: { area: '440303001', category: null, eventId: null }, scope: '440303001' });
    const t0 = performance.now();
    a.socket.emit('wall', sent);
    await waitFor(() => b.got.length > 0, 5000, 'the other tile');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(b.got).toEqual([sent]);
    await new Promise((r) => setTimeout(r, 200));
    expect(a.got).toEqual([]);
    expect(other.got).toEqual([]);

    // a window joining later (or reconnecting) gets the wall's latest state
    const late = tile(gw, luohu, 'hall', [0, 1]);
    open.push(late);
    await waitFor(() => late.got.length > 0, 5000, 'the late tile');
    expect(late.got[0]).toEqual(sent);
  });

  it('drops a message drilling wider than the user’s scope, or malformed', async () => {
    const a = tile(gw, luohu, 'lobby', [0, 0]);
    const b = tile(gw, luohu, 'lobby', [0, 1]);
    open.push(a, b);
    await Promise.all([a.ready, b.ready]);
    a.socket.emit('wall', state({ scope: '440304' }));
    a.socket.emit('wall', { page: -1 } as unknown as WallState);
    a.socket.emit('wall', state({ page: 2 }));
    await waitFor(() => b.got.length > 0, 5000, 'the good message');
    await new Promise((r) => setTimeout(r, 200));
    expect(b.got).toEqual([state({ page: 2 })]);
  });

  it('refuses a connection whose wall is malformed, naming the field', async () => {
    const bad = screenClient(gw.url, { token: luohu, wall: { id: 'x', rows: 1, cols: 2, tile: [0, 2] } });
    open.push(bad);
    const err = await bad.ready.then(() => null, (e: unknown) => e);
    expect(await refusalCode(Promise.reject(err))).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(socketErrorBody(err))).toContain('wall.tile');
  });
});
