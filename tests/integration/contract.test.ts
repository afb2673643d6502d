// Every REST route answers what its schema in the protocol says, and the OpenAPI document
// names every route. A route added without a sample request here fails the first test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteSpec } from '../../gateway/src/api/route.js';
import { anEvent, login, postJson, startTestGateway, type Gateway } from '../support/gateway-harness.js';
import { pngImage, uploadMedia } from '../support/images.js';

const IN_LUOHU = [114.11, 22.55] as const;

interface Sample {
  /** the path with its parameters filled in, and a query */
  url: string;
  auth?: 'leader' | 'duty' | 'operator' | 'source' | 'worker';
  body?: unknown;
  /** a multipart upload (field "file", a PNG) instead of a JSON body */
  form?: Buffer;
}

describe('the REST contract', () => {
  let gw: Gateway;
  const tokens: Record<string, string> = {};
  let eventId = '';
  let alertId = '';
  let samples: Record<string, Sample>;

  beforeAll(async () => {
    gw = await startTestGateway();
    tokens.leader = await login(gw.url, 'leader-4403');
    tokens.duty = await login(gw.url, 'duty-440303');
    tokens.operator = await login(gw.url, 'operator-4403');
    tokens.worker = await login(gw.url, 'worker-44030300100101');
    const photo = (await uploadMedia(gw.url, tokens.worker, pngImage(4, 4))).body.url as string;
    const ev = anEvent(...IN_LUOHU);
    await postJson(`${gw.url}/api/ingest/events`, { events: [ev] }, 'demo-source-4403');
    await postJson(`${gw.url}/api/ingest/positions`, { positions: [{ workerId: 'w-near', ts: new Date().toISOString(), lon: 114.111, lat: 22.551 }] }, 'demo-source-4403');
    await postJson(`${gw.url}/api/ingest/cameras`, { cameras: [{ id: 'cam-1', name: '一号', lon: 114.11, lat: 22.55, hlsUrl: '/video/a.m3u8', status: 'online' }] }, 'demo-source-4403');
    await postJson(`${gw.url}/api/ingest/stats`, { stats: [{ key: 'population.resident', areaCode: '440303', ts: new Date().toISOString(), value: 12 }] }, 'demo-source-4403');
    const list = (await (await fetch(`${gw.url}/api/events`, { headers: { authorization: `Bearer ${tokens.leader}` } })).json()) as { events: { id: string }[] };
    eventId = list.events[0]!.id;
    const alert = await gw.writer.apply(async (ctx) => {
      const { raiseAlert } = await import('../../gateway/src/db/alert-queries.js');
      const v = await raiseAlert(ctx, { kind: 'threshold', areaCode: '440303001', message: 'test' });
      return { result: v!, changes: { alerts: [v!] } };
    });
    alertId = alert.id;
    const conference = ((await (await fetch(`${gw.url}/api/layouts/conference`, { headers: { authorization: `Bearer ${tokens.leader}` } })).json()) as { layout: unknown }).layout;
    await gw.devices.registry.add('dev-1', 'bin_fill', ...IN_LUOHU);
    const conf = await fetch(`${gw.url}/api/conferences`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.leader}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: '防汛会商', invite: ['440303'] }),
    });
    const confId = ((await conf.json()) as { id: string }).id;
    const now = new Date();
    const hourAgo = new Date(now.getTime() - 3600_000);
    samples = {
      'GET /api/health': { url: '/api/health' },
      'GET /api/city': { url: '/api/city' },
      'GET /api/layouts': { url: '/api/layouts', auth: 'leader' },
      'GET /api/layouts/:id': { url: '/api/layouts/city-command', auth: 'leader' },
      'PUT /api/layouts/:id': { url: '/api/layouts/conference', auth: 'operator', body: { layout: conference, message: 'contract sample' } },
      'GET /api/layouts/:id/versions': { url: '/api/layouts/conference/versions', auth: 'operator' },
      'GET /api/layouts/:id/versions/:version': { url: '/api/layouts/conference/versions/0', auth: 'operator' },
      'POST /api/layouts/:id/restore': { url: '/api/layouts/conference/restore', auth: 'operator', body: { version: 0 } },
      'POST /api/layouts/validate': { url: '/api/layouts/validate', auth: 'operator', body: { layout: conference } },
      'GET /api/reports/bulletin': { url: '/api/reports/bulletin?area=440303', auth: 'leader' },
      'GET /api/openapi.json': { url: '/api/openapi.json' },
      'POST /api/auth/login': { url: '/api/auth/login', body: { username: 'leader-4403', password: 'gridcommand-demo' } },
      'POST /api/auth/logout': { url: '/api/auth/logout' },
      'GET /api/auth/me': { url: '/api/auth/me', auth: 'leader' },
      'GET /api/audit': { url: '/api/audit?limit=5', auth: 'leader' },
      'GET /api/events': { url: '/api/events?status=REPORTED&limit=10', auth: 'leader' },
      'GET /api/events/:id': { url: `/api/events/${eventId}`, auth: 'duty' },
      'GET /api/events/:id/candidates': { url: `/api/events/${eventId}/candidates`, auth: 'duty' },
      'POST /api/events/:id/transitions': { url: `/api/events/${eventId}/transitions`, auth: 'duty', body: { action: 'accept', note: '受理' } },
      'GET /api/stats/summary': { url: '/api/stats/summary?area=440303', auth: 'leader' },
      'GET /api/stats/kpi': { url: '/api/stats/kpi?by=district', auth: 'leader' },
      'GET /api/stats/ranking': { url: '/api/stats/ranking?by=street&kpi=closureRate', auth: 'leader' },
      'GET /api/stats/trend': { url: '/api/stats/trend?bucket=day', auth: 'leader' },
      'GET /api/stats/map': { url: '/api/stats/map?measure=overdue', auth: 'leader' },
      'GET /api/areas': { url: '/api/areas?level=street&parent=440303', auth: 'leader' },
      'GET /api/buildings': { url: '/api/buildings?area=440303001', auth: 'duty' },
      'GET /api/categories': { url: '/api/categories', auth: 'leader' },
      'GET /api/widgets/options': { url: '/api/widgets/options', auth: 'operator' },
      'GET /api/me/tasks': { url: '/api/me/tasks', auth: 'worker' },
      'POST /api/reports': { url: '/api/reports', auth: 'worker', body: { ...anEvent(...IN_LUOHU), reporter: undefined, media: [photo] } },
      'PUT /api/me/duty': { url: '/api/me/duty', auth: 'worker', body: { onDuty: true } },
      'POST /api/me/positions': { url: '/api/me/positions', auth: 'worker', body: { positions: [{ ts: new Date().toISOString(), lon: 114.112, lat: 22.551 }] } },
      'POST /api/media': { url: '/api/media', auth: 'worker', form: pngImage(5, 5) },
      'GET /api/media/:name': { url: photo, auth: 'worker' },
      'GET /api/alerts': { url: '/api/alerts?status=all', auth: 'leader' },
      'POST /api/alerts/:id/ack': { url: `/api/alerts/${alertId}/ack`, auth: 'duty' },
      'GET /api/positions': { url: `/api/positions?from=${encodeURIComponent(hourAgo.toISOString())}&to=${encodeURIComponent(new Date(now.getTime() + 60_000).toISOString())}`, auth: 'leader' },
      'POST /api/conferences': { url: '/api/conferences', auth: 'leader', body: { title: '专题会商', invite: ['440303', '440304'] } },
      'GET /api/conferences': { url: '/api/conferences', auth: 'duty' },
      'GET /api/conferences/:id': { url: `/api/conferences/${confId}`, auth: 'duty' },
      'POST /api/conferences/:id/join': { url: `/api/conferences/${confId}/join`, auth: 'duty', body: {} },
      'POST /api/conferences/:id/leave': { url: `/api/conferences/${confId}/leave`, auth: 'duty' },
      'POST /api/conferences/:id/hand': { url: `/api/conferences/${confId}/hand`, auth: 'leader', body: { raised: true } },
      'POST /api/conferences/:id/present': { url: `/api/conferences/${confId}/present`, auth: 'leader', body: {} },
      'POST /api/conferences/:id/end': { url: `/api/conferences/${confId}/end`, auth: 'leader' },
      'GET /api/cameras': { url: '/api/cameras?area=440303', auth: 'leader' },
      'GET /api/feeds/stats': { url: '/api/feeds/stats?area=440303&exact=true', auth: 'leader' },
      'POST /api/ingest/events': { url: '/api/ingest/events', auth: 'source', body: { events: [anEvent(...IN_LUOHU)] } },
      'POST /api/ingest/positions': { url: '/api/ingest/positions', auth: 'source', body: { positions: [{ workerId: 'w-far', ts: new Date().toISOString(), lon: 114.12, lat: 22.58 }] } },
      'POST /api/ingest/cameras': { url: '/api/ingest/cameras', auth: 'source', body: { cameras: [{ id: 'cam-2', name: '二号', lon: 114.11, lat: 22.55, hlsUrl: '/video/b.m3u8' }] } },
      'GET /api/devices': { url: '/api/devices?area=440303&kind=bin_fill', auth: 'leader' },
      'GET /api/devices/summary': { url: '/api/devices/summary?area=440303', auth: 'leader' },
      'POST /api/ingest/deviceTelemetry': { url: '/api/ingest/deviceTelemetry', auth: 'source', body: { deviceTelemetry: [{ deviceId: 'dev-1', ts: new Date().toISOString(), values: { fill_pct: 40 } }] } },
      'POST /api/ingest/stats': { url: '/api/ingest/stats', auth: 'source', body: { stats: [{ key: 'population.floating', areaCode: '440303', ts: new Date().toISOString(), value: 3 }] } },
    };
  });
  afterAll(async () => {
    await gw?.close();
  });

  const keyOf = (r: RouteSpec) => `${r.method.toUpperCase()} ${r.path}`;

  it('has a sample request for every route', () => {
    const routes = (gw.routes as readonly RouteSpec[]).map(keyOf);
    expect(routes.filter((r) => !samples[r])).toEqual([]);
    expect(Object.keys(samples).filter((s) => !routes.includes(s))).toEqual([]);
  });

  it('answers every sample with 200 and a body its response schema accepts', async () => {
    const failures: string[] = [];
    for (const route of gw.routes as readonly RouteSpec[]) {
      const s = samples[keyOf(route)]!;
      const headers: Record<string, string> = {};
      if (s.auth === 'source') headers.authorization = 'Bearer demo-source-4403';
      else if (s.auth) headers.authorization = `Bearer ${tokens[s.auth]}`;
      if (s.body !== undefined) headers['content-type'] = 'application/json';
      let body: BodyInit | undefined = s.body === undefined ? undefined : JSON.stringify(s.body);
      if (s.form) {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(s.form)], { type: 'image/png' }), 'sample.png');
        body = form;
      }
      const res = await fetch(`${gw.url}${s.url}`, { method: route.method.toUpperCase(), headers, body });
      if ('file' in route.response && res.status === 200) {
        // a download: the type the document names (`image/*`: any image)
        if (!res.headers.get('content-type')?.startsWith(route.response.file.replace(/\*$/, ''))) failures.push(`${keyOf(route)}: answered ${res.headers.get('content-type')}, not ${route.response.file}`);
        continue;
      }
      const answer = (await res.json()) as unknown;
      if (res.status !== 200) {
        failures.push(`${keyOf(route)}: ${res.status} ${JSON.stringify(answer).slice(0, 200)}`);
        continue;
      }
      if ('file' in route.response) continue;
      const check = route.response.safeParse(answer);
      if (!check.success) failures.push(`${keyOf(route)}: ${JSON.stringify(check.error.issues.slice(0, 2))}`);
    }
    expect(failures).toEqual([]);
  });

  it('documents every route in the OpenAPI document, with its answer and refusals', async () => {
    const doc = (await (await fetch(`${gw.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
      components: { schemas: Record<string, unknown> };
    };
    for (const route of gw.routes as readonly RouteSpec[]) {
      const op = doc.paths[route.path.replace(/:([A-Za-z_]+)/g, '{$1}')]?.[route.method];
      expect(op, keyOf(route)).toBeDefined();
      expect(op!.responses['200']?.content?.['file' in route.response ? route.response.file : 'application/json']?.schema, keyOf(route)).toBeDefined();
    }
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Error', 'EventView', 'PositionView', 'CameraView', 'AlertView', 'AuditRow']));
    // refusals are documented by code
    expect(JSON.stringify(doc.paths['/api/events/{id}/transitions'])).toContain('NOT_ALLOWED_FROM_STATE');
  });

  it('refuses with the one error shape everywhere, naming the part and path', async () => {
    const bad = await fetch(`${gw.url}/api/stats/kpi?from=yesterday`, { headers: { authorization: `Bearer ${tokens.leader}` } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', error: 'Bad Request', details: [{ path: 'from' }] });
    const none = await fetch(`${gw.url}/api/positions`);
    expect(await none.json()).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED' });
    const half = await fetch(`${gw.url}/api/positions?from=2026-12-01T00:00:00%2B08:00`, { headers: { authorization: `Bearer ${tokens.leader}` } });
    expect(await half.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'from', message: 'give both from and to, or neither' }] });
    const long = await fetch(`${gw.url}/api/positions?from=2026-12-01T00:00:00%2B08:00&to=2026-12-03T00:00:00%2B08:00`, { headers: { authorization: `Bearer ${tokens.leader}` } });
    expect(await long.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'from' }] });
  });
});
