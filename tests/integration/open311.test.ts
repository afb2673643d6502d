import type { ServiceRequestView } from '../../gateway/src/ingest/open311.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestGateway, type Gateway } from '../support/gateway-harness.js';
import { serveExtras } from '../support/extras.js';

// Points inside the fixture city (tests/support/fixture-city.ts).
const IN_GUIYUAN = { long: 114.11, lat: 22.55 }; // 罗湖 桂园 440303001
const IN_NANYUAN = { long: 114.02, lat: 22.52 }; // 福田 南园 440304001

type Json = unknown;
interface Reply {
  status: number;
  body: Json;
}

async function reply(res: globalThis.Response): Promise<Reply> {
  return { status: res.status, body: (await res.json()) as Json };
}

function postForm(url: string, fields: Record<string, string>): Promise<Reply> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() }).then(reply);
}

function postJson(url: string, body: unknown, key?: string): Promise<Reply> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }).then(reply);
}

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers }).then(reply);

type ServiceRequest = ServiceRequestView;

describe('Open311 GeoReport v2 over HTTP', () => {
  let gw: Gateway;
  let extras: Awaited<ReturnType<typeof serveExtras>>;
  let base: string;
  let formId: string;
  let jsonId: string;

  beforeAll(async () => {
    gw = await startTestGateway();
    extras = await serveExtras(gw);
    base = `${extras.url}/open311/v2`;
  });

  afterAll(async () => {
    await extras?.close();
    await gw?.close();
  });

  it('lists the event classes as services (components are not services)', async () => {
    const r = await get(`${base}/services.json`);
    expect(r.status).toBe(200);
    const services = r.body as Record<string, unknown>[];
    expect(services.map((s) => s.service_code)).toEqual(['0101', '0102', '0103', '0104', '0201', '0301', '0401', '0501']);
    expect(services[1]).toMatchObject({ service_code: '0102', service_name: '类0102', metadata: false, type: 'realtime' });
    // group: the major class name where the city's table has one, else the 2-digit major code
    expect(['01', gw.city.categories.find((c) => c.code === '0102')?.majorName]).toContain(services[1]!.group);
    expect(typeof services[1]!.keywords).toBe('string');
    expect(typeof services[1]!.description).toBe('string');
    expect((await get(`${base}/services/0102.json`)).body).toEqual({ service_code: '0102', attributes: [] });
    expect((await get(`${base}/services/0999.json`)).status).toBe(404);
  });

  it('creates a request from a form-encoded POST; it enters the workflow as a citizen report (VERIFYING = open)', async () => {
    const r = await postForm(`${base}/requests.json`, {
      api_key: 'demo-source-440303',
      service_code: '0102',
      lat: String(IN_GUIYUAN.lat),
      long: String(IN_GUIYUAN.long),
      description: '路边堆放生活垃圾',
      address_string: '桂园路 12 号',
      email: 'citizen@example.org',
      first_name: 'Li',
      media_url: 'https://example.org/photo.jpg',
      'attribute[WHISPER]': 'ignored',
    });
    expect(r.status).toBe(200);
    const [created] = r.body as Record<string, unknown>[];
    expect(created).toEqual({ service_request_id: expect.stringMatching(/^ev-\d+$/), service_notice: expect.any(String), account_id: null });
    formId = created!.service_request_id as string;

    const one = await get(`${base}/requests/${formId}.json?api_key=demo-source-440303`);
    expect(one.status).toBe(200);
    const [req] = one.body as ServiceRequest[];
    expect(req).toMatchObject({
      service_request_id: formId,
      status: 'open',
      status_notes: 'VERIFYING',
      service_name: '类0102',
      service_code: '0102',
      description: '路边堆放生活垃圾',
      address: '桂园路 12 号',
      lat: IN_GUIYUAN.lat,
      long: IN_GUIYUAN.long,
      media_url: 'https://example.org/photo.jpg',
    });
    expect(Date.parse(req!.requested_datetime)).toBeGreaterThan(Date.now() - 60_000);
    expect(req!.updated_datetime).toMatch(/Z$/);
    expect(req!.agency_responsible).toBe(gw.city.categories.find((c) => c.code === '0102')?.department ?? null);
    expect(req!.expected_datetime === null || !Number.isNaN(Date.parse(req!.expected_datetime))).toBe(true);

    // the same event, seen by people through the REST API
    const token = await login(gw.url, 'leader-440303');
    const ev = await get(`${gw.url}/api/events/${formId}`, { authorization: `Bearer ${token}` });
    expect(ev.status).toBe(200);
    expect(ev.body).toMatchObject({ id: formId, status: 'VERIFYING', category: '0102', streetCode: '440303001' });
  });

  it('creates a request from a JSON POST with a Bearer key, and a repeated POST is idempotent', async () => {
    const body = { service_code: '0101', lat: IN_NANYUAN.lat, long: IN_NANYUAN.long, description: '违章搭建', phone: '13800000000', token: 'app-req-1' };
    const r = await postJson(`${base}/requests.json`, body, 'demo-source-4403');
    expect(r.status).toBe(200);
    jsonId = (r.body as { service_request_id: string }[])[0]!.service_request_id;
    expect(jsonId).not.toBe(formId);
    const again = await postJson(`${base}/requests.json`, body, 'demo-source-4403');
    expect(again.status).toBe(200);
    expect((again.body as { service_request_id: string }[])[0]!.service_request_id).toBe(jsonId);
    const listed = await get(`${base}/requests.json?api_key=demo-source-4403&service_code=0101`);
    expect((listed.body as ServiceRequest[]).filter((x) => x.service_request_id === jsonId)).toHaveLength(1);
    const [req] = (await get(`${base}/requests/${jsonId}.json?api_key=demo-source-4403`)).body as ServiceRequest[];
    expect(req).toMatchObject({ status: 'open', status_notes: 'VERIFYING', address: null, media_url: null, service_code: '0101' });
  });

  it('derives the idempotency key from the request itself when no token is sent', async () => {
    const fields = { api_key: 'demo-source-440303', service_code: '0104', lat: '22.551', long: '114.111', description: '道路不洁' };
    let first: Reply;
    let second: Reply;
    let minuteBefore: number;
    // a retry within the same minute finds the first request (retry the pair if a minute boundary fell between)
    do {
      minuteBefore = Math.floor(Date.now() / 60_000);
      first = await postForm(`${base}/requests.json`, fields);
      second = await postForm(`${base}/requests.json`, fields);
    } while (Math.floor(Date.now() / 60_000) !== minuteBefore);
    expect(first.status).toBe(200);
    expect((second.body as { service_request_id: string }[])[0]!.service_request_id).toBe((first.body as { service_request_id: string }[])[0]!.service_request_id);
    const other = await postForm(`${base}/requests.json`, { ...fields, description: '另一处道路不洁' });
    expect((other.body as { service_request_id: string }[])[0]!.service_request_id).not.toBe((first.body as { service_request_id: string }[])[0]!.service_request_id);
  });

  it('finds requests by id and by filters, within the key scope', async () => {
    const city = 'api_key=demo-source-4403';
    const byIds = await get(`${base}/requests.json?${city}&service_request_id=${formId},${jsonId}`);
    expect(byIds.status).toBe(200);
    expect((byIds.body as ServiceRequest[]).map((x) => x.service_request_id).sort()).toEqual([formId, jsonId].sort());

    const open0102 = (await get(`${base}/requests.json?${city}&service_code=0102&status=open`)).body as ServiceRequest[];
    expect(open0102.map((x) => x.service_request_id)).toEqual([formId]);
    const closed = (await get(`${base}/requests.json?${city}&status=closed`)).body as ServiceRequest[];
    expect(closed).toEqual([]);
    const both = (await get(`${base}/requests.json?${city}&status=open,closed&service_code=0101,0102`)).body as ServiceRequest[];
    expect(both.map((x) => x.service_request_id).sort()).toEqual([formId, jsonId].sort());

    const hourAgo = new Date(Date.now() - 3600_000).toISOString();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const inRange = (await get(`${base}/requests.json?${city}&start_date=${encodeURIComponent(hourAgo)}&end_date=${encodeURIComponent(tomorrow)}`)).body as ServiceRequest[];
    expect(inRange.map((x) => x.service_request_id)).toEqual(expect.arrayContaining([formId, jsonId]));
    const future = (await get(`${base}/requests.json?${city}&start_date=${encodeURIComponent(tomorrow)}`)).body as ServiceRequest[];
    expect(future).toEqual([]);

    // a Futian key sees the Futian request, not the Luohu one
    const futian = (await get(`${base}/requests.json`, { authorization: 'Bearer demo-source-440304' })).body as ServiceRequest[];
    expect(futian.map((x) => x.service_request_id)).toEqual([jsonId]);
    const hidden = await get(`${base}/requests/${formId}.json?api_key=demo-source-440304`);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual([{ code: 404, description: `service_request_id ${formId} not found` }]);
  });

  it('answers bad input per the spec: [{ code, description }] with 400, 403 or 404', async () => {
    const url = `${base}/requests.json`;
    const ok = { api_key: 'demo-source-4403', service_code: '0102', lat: String(IN_GUIYUAN.lat), long: String(IN_GUIYUAN.long) };
    const errorOf = (r: Reply) => (r.body as { code: number; description: string }[])[0]!;

    const noCode = await postForm(url, { ...ok, service_code: '' });
    expect(noCode.status).toBe(400);
    expect(noCode.body).toEqual([{ code: 400, description: expect.stringContaining('service_code was not provided') }]);
    const { service_code: _drop, ...withoutCode } = ok;
    expect(errorOf(await postForm(url, withoutCode)).description).toContain('service_code was not provided');

    const unknown = await postForm(url, { ...ok, service_code: '0999' }); // a component class, not a service
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown)).toEqual({ code: 400, description: 'service_code 0999 not found' });

    const outside = await postForm(url, { ...ok, lat: '22.2', long: '113.5' });
    expect(outside.status).toBe(400);
    expect(errorOf(outside).description).toContain('outside the city');

    const notNumber = await postForm(url, { ...ok, lat: 'north' });
    expect(notNumber.status).toBe(400);
    expect(errorOf(notNumber).description).toContain('lat');
    const noPlace = await postForm(url, { api_key: 'demo-source-4403', service_code: '0102', address_string: '桂园路' });
    expect(noPlace.status).toBe(400);

    const badKey = await postForm(url, { ...ok, api_key: 'not-a-key' });
    expect(badKey.status).toBe(403);
    expect(badKey.body).toEqual([{ code: 403, description: 'api_key was not provided or invalid' }]);
    const { api_key: _k, ...noKey } = ok;
    expect((await postForm(url, noKey)).status).toBe(403);
    expect((await get(`${base}/requests.json`)).status).toBe(403);

    // a district key reporting in another district
    const outOfScope = await postForm(url, { ...ok, api_key: 'demo-source-440304' });
    expect(outOfScope.status).toBe(403);
    expect(errorOf(outOfScope).description).toContain('outside');

    const badJson = await postJson(url, '{"service_code": ', 'demo-source-4403');
    expect(badJson.status).toBe(400);
    expect(errorOf(badJson).code).toBe(400);

    const badFilter = await get(`${base}/requests.json?api_key=demo-source-4403&status=pending`);
    expect(badFilter.status).toBe(400);
    const badDate = await get(`${base}/requests.json?api_key=demo-source-4403&start_date=yesterday`);
    expect(badDate.status).toBe(400);
    expect((await get(`${base}/requests.json?api_key=demo-source-4403&service_code=0999`)).status).toBe(404);
    expect((await get(`${base}/requests/ev-999999999.json?api_key=demo-source-4403`)).status).toBe(404);
    expect((await get(`${base}/requests.xml`)).status).toBe(404);
  });
});
