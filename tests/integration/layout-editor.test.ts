// The layout editor's side of the gateway: publishing versions (operators only, 403 for the
// other roles), their history with author, time and message, audited; restoring an earlier
// version or the file; imports refused with the path of what is wrong; open screens told live.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Layout } from '../../gateway/protocol/layout.js';
import type { LayoutPublished, LayoutVersionsResponse } from '../../gateway/protocol/layout-editor.js';
import { optionFields } from '../../screen/src/editor/model/option-fields.js';
import { login, screenClient, startTestGateway, tempDir, waitFor, type Gateway } from '../support/gateway-harness.js';

type Json = Record<string, unknown>;

describe('layout editor: gateway', () => {
  let gw: Gateway;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  let fileLayout: Layout;

  const call = async (method: string, path: string, who: string | null, body?: unknown): Promise<{ status: number; body: Json }> => {
    const headers: Record<string, string> = {};
    if (who) headers.authorization = `Bearer ${tokens[who]}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${gw.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const versionsOf = async (id: string) => (await call('GET', `/api/layouts/${id}/versions`, 'operator-4403')).body as unknown as LayoutVersionsResponse;

  beforeAll(async () => {
    dataDir = tempDir();
    gw = await startTestGateway({ dataDir });
    for (const u of ['operator-4403', 'operator-440303', 'leader-4403', 'duty-440303', 'leader-440303001']) tokens[u] = await login(gw.url, u);
    fileLayout = (await call('GET', '/api/layouts/city-command', 'operator-4403')).body.layout as Layout;
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('serves every widget’s options as JSON Schema to operators, from which the property panel is built', async () => {
    const res = await call('GET', '/api/widgets/options', 'operator-4403');
    expect(res.status).toBe(200);
    const widgets = res.body.widgets as Record<string, { properties?: Record<string, unknown> }>;
    expect(optionFields(widgets['category-chart'])).toEqual([
      { key: 'kind', kind: 'enum', values: ['bar', 'pie'], default: 'bar' },
      { key: 'top', kind: 'integer', min: 1, max: 50, default: 10 },
    ]);
    expect(optionFields(widgets['event-feed'])).toEqual([{ key: 'rows', kind: 'integer', min: 1, max: 200, default: 60 }]);
  });

  it('refuses publishing, history, restore and the schemas to everyone but operators (403), and to no one signed in (401)', async () => {
    const edited = { ...fileLayout, name: { 'zh-CN': '改', en: 'changed' } };
    for (const who of ['leader-4403', 'duty-440303']) {
      for (const [method, path, body] of [
        ['PUT', '/api/layouts/city-command', { layout: edited, message: 'x' }],
        ['GET', '/api/layouts/city-command/versions', undefined],
        ['POST', '/api/layouts/city-command/restore', { version: 0 }],
        ['POST', '/api/layouts/validate', { layout: edited }],
        ['GET', '/api/widgets/options', undefined],
      ] as const) {
        const res = await call(method, path, who, body);
        expect(res.status, `${who} ${method} ${path}`).toBe(403);
        expect(res.body).toMatchObject({ code: 'FORBIDDEN' });
      }
    }
    expect((await call('PUT', '/api/layouts/city-command', null, { layout: edited, message: 'x' })).status).toBe(401);
    expect((await versionsOf('city-command')).versions.map((v) => v.version)).toEqual([0]);
  });

  it('publishes a version with author, time and message, audited, served from then on, and sent live to the screens that may show it', async () => {
    const city = screenClient(gw.url, { token: tokens['leader-4403']! });
    const street = screenClient(gw.url, { token: tokens['leader-440303001']! });
    const got: Record<string, LayoutPublished[]> = { city: [], street: [] };
    city.socket.on('layout', (p) => got.city!.push(p));
    street.socket.on('layout', (p) => got.street!.push(p));
    await Promise.all([city.ready, street.ready]);
    try {
      const edited = structuredClone(fileLayout);
      const feed = edited.pages[0]!.placements.find((p) => p.widget === 'event-feed')!;
      feed.options = { rows: 12 };
      feed.x += 8;
      const before = Date.now();
      const res = await call('PUT', '/api/layouts/city-command', 'operator-4403', { layout: edited, message: '实时事件改为 12 行' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: 'city-command', version: 1 });

      const served = (await call('GET', '/api/layouts/city-command', 'leader-4403')).body;
      expect(served).toMatchObject({ version: 1, origin: 'stored' });
      expect((served.layout as Layout).pages[0]!.placements.find((p) => p.key === feed.key)).toMatchObject({ x: feed.x, options: { rows: 12 } });

      const history = await versionsOf('city-command');
      expect(history.current).toBe(1);
      expect(history.versions.map((v) => [v.version, v.origin, v.author, v.message, v.loads])).toEqual([
        [1, 'stored', 'operator-4403', '实时事件改为 12 行', true],
        [0, 'file', null, null, true],
      ]);
      expect(Date.parse(history.versions[0]!.at)).toBeGreaterThanOrEqual(before - 5000);

      const audit = (await call('GET', '/api/audit?limit=20', 'leader-4403')).body.audit as { action: string; actor: string; target: string; detail: string }[];
      const row = audit.find((a) => a.action === 'layout_publish');
      expect(row).toMatchObject({ actor: 'operator-4403', target: 'layout:city-command' });
      expect(JSON.parse(row!.detail)).toEqual({ version: 1, message: '实时事件改为 12 行' });

      await waitFor(() => got.city!.length === 1, 10_000, 'the layout message');
      expect(got.city![0]).toMatchObject({ id: 'city-command', version: 1 });
      expect(got.city![0]!.layout.pages[0]!.placements.find((p) => p.key === feed.key)?.options).toEqual({ rows: 12 });
      // a street screen never shows the city's layout: it is not told
      await new Promise((r) => setTimeout(r, 300));
      expect(got.street).toEqual([]);
    } finally {
      city.close();
      street.close();
    }
  });

  it('refuses a bad layout with the exact path of what is wrong, storing nothing', async () => {
    const bad = structuredClone(fileLayout) as unknown as { pages: { placements: Json[] }[]; id: string };
    const chart = bad.pages[0]!.placements.findIndex((p) => p.widget === 'category-chart');
    expect(chart).toBeGreaterThan(-1);
    bad.pages[0]!.placements[chart]!.options = { kind: 'donut' };
    const res = await call('PUT', '/api/layouts/city-command', 'operator-4403', { layout: bad, message: 'bad' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((res.body.details as { path: string }[]).map((d) => d.path)).toContain(`layout.pages.0.placements.${chart}.options.kind`);

    const moved = structuredClone(fileLayout);
    moved.pages[0]!.placements[0]!.x = 1900;
    const beyond = await call('PUT', '/api/layouts/city-command', 'operator-4403', { layout: moved, message: 'm' });
    expect(beyond.body.details).toEqual([{ path: 'layout.pages.0.placements.0', message: 'reaches beyond the 1920×1080 design canvas' }]);

    const other = await call('PUT', '/api/layouts/city-command', 'operator-4403', { layout: { ...fileLayout, id: 'district-command' }, message: 'm' });
    expect(other.body.details).toEqual([{ path: 'layout.id', message: '"district-command" is not the layout being published (city-command)' }]);

    const noMessage = await call('PUT', '/api/layouts/city-command', 'operator-4403', { layout: fileLayout, message: ' ' });
    expect((noMessage.body.details as { path: string }[])[0]!.path).toBe('message');

    // an imported file of the old schema: migrated first, its own fields named
    const v1 = { schemaVersion: 1, id: 'city-command', name: { 'zh-CN': '旧', en: 'old' }, widgets: [{ key: 'a', widget: 'event-feed', x: 0, y: 0, w: 10, h: 'tall' }] };
    const imp = await call('POST', '/api/layouts/validate', 'operator-4403', { layout: v1 });
    expect(imp.status).toBe(400);
    expect((imp.body.details as { path: string }[]).map((d) => d.path)).toEqual(['layout.widgets.0.h']);
    const newer = await call('POST', '/api/layouts/validate', 'operator-4403', { layout: { ...fileLayout, schemaVersion: 9 } });
    expect(newer.body.details).toEqual([{ path: 'layout.schemaVersion', message: "9 is newer than this gateway's 2" }]);
    const ok = await call('POST', '/api/layouts/validate', 'operator-4403', { layout: { ...v1, widgets: [{ ...v1.widgets[0], h: 10 }] } });
    expect(ok.status).toBe(200);
    expect(ok.body.layout).toMatchObject({ schemaVersion: 2, pages: [{ key: 'main', placements: [{ key: 'a', options: { rows: 60 } }] }] });

    expect((await versionsOf('city-command')).versions.map((v) => v.version)).toEqual([1, 0]);
  });

  it('keeps an operator to the layouts their tier may show', async () => {
    const res = await call('PUT', '/api/layouts/city-command', 'operator-440303', { layout: fileLayout, message: 'm' });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'OUT_OF_SCOPE' });
    expect((await call('GET', '/api/layouts/city-command/versions', 'operator-440303')).status).toBe(403);
  });

  it('restores an earlier version or the file as a new version, audited, and screens follow', async () => {
    const city = screenClient(gw.url, { token: tokens['leader-4403']! });
    const got: LayoutPublished[] = [];
    city.socket.on('layout', (p) => got.push(p));
    await city.ready;
    try {
      const res = await call('POST', '/api/layouts/city-command/restore', 'operator-4403', { version: 0 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ version: 2 });
      expect((await call('GET', '/api/layouts/city-command', 'leader-4403')).body.layout).toEqual(fileLayout);
      const history = await versionsOf('city-command');
      expect(history.versions[0]).toMatchObject({ version: 2, author: 'operator-4403', message: 'restore version 0', restoredFrom: 0 });
      await waitFor(() => got.length === 1, 10_000, 'the layout message');
      expect(got[0]!.layout).toEqual(fileLayout);

      const again = await call('POST', '/api/layouts/city-command/restore', 'operator-4403', { version: 1, message: '恢复 12 行' });
      expect(again.body).toMatchObject({ version: 3 });
      const v3 = (await call('GET', '/api/layouts/city-command/versions/3', 'operator-4403')).body;
      expect(v3).toMatchObject({ version: 3, restoredFrom: 1, message: '恢复 12 行', loads: true });
      expect(JSON.stringify(v3.layout)).toContain('"rows":12');
      const audit = (await call('GET', '/api/audit?limit=20', 'leader-4403')).body.audit as { action: string }[];
      expect(audit.filter((a) => a.action === 'layout_restore')).toHaveLength(2);

      expect((await call('POST', '/api/layouts/city-command/restore', 'operator-4403', { version: 99 })).status).toBe(404);
      expect((await call('GET', '/api/layouts/city-command/versions/99', 'operator-4403')).status).toBe(404);
    } finally {
      city.close();
    }
  });

  it('keeps the versions across a restart; the file stays version 0', async () => {
    await gw.close();
    gw = await startTestGateway({ dataDir });
    for (const u of ['operator-4403', 'leader-4403']) tokens[u] = await login(gw.url, u);
    const history = await versionsOf('city-command');
    expect(history.versions.map((v) => v.version)).toEqual([3, 2, 1, 0]);
    expect((await call('GET', '/api/layouts/city-command', 'leader-4403')).body).toMatchObject({ version: 3, origin: 'stored' });
  });
});
