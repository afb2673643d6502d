// Open311 GeoReport v2 against the spec's methods, shapes and examples, over real HTTP with a
// real XML parser, the way existing clients (FixMyStreet's Open311 integration, citizen apps)
// use it: XML by default, form-encoded POSTs with api_key and jurisdiction_id, reads without a key.
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceRequestView } from '../../gateway/src/ingest/open311.js';
import { anEvent, login, postJson, startTestGateway, type Gateway } from '../support/gateway-harness.js';

// Points inside the fixture city (tests/support/fixture-city.ts).
const IN_GUIYUAN = { long: 114.11, lat: 22.55 }; // 罗湖 桂园 440303001
const IN_NANYUAN = { long: 114.02, lat: 22.52 }; // 福田 南园 440304001

// The element names and order of the spec's examples (GeoReport v2, "Example response" of each method).
const SPEC = {
  service: ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'],
  definition: ['service_code', 'attributes'],
  created: ['service_request_id', 'service_notice', 'account_id'],
  token: ['service_request_id', 'token'],
  request: ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url'],
  discovery: ['changeset', 'contact', 'key_service', 'endpoints'],
  endpoint: ['specification', 'url', 'changeset', 'type', 'formats'],
  error: ['code', 'description'],
};

const LISTS = ['service', 'request', 'error', 'endpoint', 'format', 'attribute'];
const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => LISTS.includes(name) });

interface Reply {
  status: number;
  type: string;
  text: string;
}

async function call(url: string, init?: RequestInit): Promise<Reply> {
  const res = await fetch(url, init);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}
const get = (url: string, headers: Record<string, string> = {}) => call(url, { headers });
const postForm = (url: string, fields: Record<string, string>) =>
  call(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: new URLSearchParams(fields).toString() });

/** An XML reply parsed as a client would, after checking it is the spec's XML (declaration, UTF-8, text/xml). */
function parseXml(r: Reply): Record<string, unknown> {
  expect(r.type).toBe('text/xml; charset=utf-8');
  expect(r.text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n')).toBe(true);
  const doc = xml.parse(r.text) as Record<string, unknown>;
  delete doc['?xml'];
  return doc;
}
function json<T = unknown>(r: Reply): T {
  expect(r.type).toBe('application/json; charset=utf-8');
  return JSON.parse(r.text) as T;
}
/** The JSON document as its XML reads under the Spark convention: every leaf a string, null and empty lists as ''. */
function spark(v: unknown, list?: string): unknown {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.length === 0 ? '' : { [list!]: v.map((x) => spark(x)) };
  if (typeof v === 'object') {
    const items: Record<string, string> = { attributes: 'attribute', endpoints: 'endpoint', formats: 'format' };
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, spark(x, items[k])]));
  }
  return String(v);
}

describe('Open311 GeoReport v2 over HTTP', () => {
  let gw: Gateway;
  let base: string;
  let fmsId: string;
  let appId: string;

  beforeAll(async () => {
    gw = await startTestGateway();
    base = `${gw.url}/open311/v2`;
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('service discovery in XML and JSON: the spec\'s fields, this endpoint, both formats', async () => {
    for (const at of [`${gw.url}/open311/discovery`, `${base}/discovery`]) {
      const doc = parseXml(await get(`${at}.xml`)).discovery as Record<string, unknown>;
      expect(Object.keys(doc)).toEqual(SPEC.discovery);
      const endpoint = (doc.endpoints as { endpoint: Record<string, unknown>[] }).endpoint;
      expect(endpoint).toHaveLength(1);
      expect(Object.keys(endpoint[0]!)).toEqual(SPEC.endpoint);
      expect(endpoint[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: base, type: 'production', formats: { format: ['text/xml', 'application/json'] } });
      expect(doc.changeset).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
      expect(spark(json(await get(`${at}.json`)))).toEqual(doc);
    }
  });

  it('GET services and a service definition, XML and JSON the same document; components are not services', async () => {
    const doc = parseXml(await get(`${base}/services.xml?jurisdiction_id=4403`)).services as { service: Record<string, string>[] };
    expect(doc.service.map((s) => s.service_code)).toEqual(['0101', '0102', '0103', '0104', '0201', '0301', '0401', '0501']);
    for (const s of doc.service) expect(Object.keys(s)).toEqual(SPEC.service);
    expect(doc.service[1]).toMatchObject({ service_code: '0102', service_name: '类0102', metadata: 'false', type: 'realtime' });
    const list = json<Record<string, unknown>[]>(await get(`${base}/services.json`));
    expect(list[1]).toMatchObject({ service_code: '0102', metadata: false, type: 'realtime' });
    expect({ service: list.map((s) => spark(s)) }).toEqual(doc);

    const def = parseXml(await get(`${base}/services/0102.xml`)).service_definition as Record<string, unknown>;
    expect(Object.keys(def)).toEqual(SPEC.definition);
    expect(def).toEqual({ service_code: '0102', attributes: '' });
    expect(json(await get(`${base}/services/0102.json`))).toEqual({ service_code: '0102', attributes: [] });
  });

  it('POST requests.xml as FixMyStreet sends it (form-encoded, api_key, jurisdiction_id, attributes, contact fields)', async () => {
    const r = await postForm(`${base}/requests.xml`, {
      jurisdiction_id: '4403',
      api_key: 'demo-source-440303',
      service_code: '0102',
      lat: String(IN_GUIYUAN.lat),
      long: String(IN_GUIYUAN.long),
      email: 'citizen@example.org',
      description: 'title:  路边堆放生活垃圾\n\ndetail: 三袋 <黑色> 垃圾 & 纸箱\n\nSubmitted via FixMyStreet',
      first_name: 'Li',
      last_name: 'Wei',
      phone: '13800000000',
      address_string: '桂园路 12 号',
      media_url: 'https://example.org/photo.jpg',
      device_id: 'tt222111',
      account_id: '123456',
      'attribute[WHISPAWN]': '123456',
    });
    expect(r.status).toBe(200);
    const created = (parseXml(r).service_requests as { request: Record<string, string>[] }).request;
    expect(created).toHaveLength(1);
    expect(Object.keys(created[0]!)).toEqual(SPEC.created);
    expect(created[0]!.service_request_id).toMatch(/^ev-\d+$/);
    expect(created[0]!.account_id).toBe('');
    fmsId = created[0]!.service_request_id!;

    // the same event, seen by staff through the REST API, entered the workflow as a citizen report
    const token = await login(gw.url, 'leader-440303');
    const ev = await fetch(`${gw.url}/api/events/${fmsId}`, { headers: { authorization: `Bearer ${token}` } }).then((x) => x.json());
    expect(ev).toMatchObject({ id: fmsId, status: 'VERIFYING', category: '0102', streetCode: '440303001' });
  });

  it('POST requests.json from an app with a client token; the token method finds it; a repeat is the same request', async () => {
    const body = { service_code: '0101', lat: IN_NANYUAN.lat, long: IN_NANYUAN.long, description: '违章搭建', phone: '13900000000', token: 'app-req-1' };
    const r = await postJson(`${base}/requests.json`, body, 'demo-source-4403');
    expect(r.status).toBe(200);
    const [created] = r.body as unknown as Record<string, unknown>[];
    expect(Object.keys(created!)).toEqual(SPEC.created);
    appId = created!.service_request_id as string;
    expect(appId).not.toBe(fmsId);
    expect(((await postJson(`${base}/requests.json`, body, 'demo-source-4403')).body as unknown as { service_request_id: string }[])[0]!.service_request_id).toBe(appId);

    const tok = (parseXml(await get(`${base}/tokens/app-req-1.xml`)).service_requests as { request: Record<string, string>[] }).request;
    expect(tok).toEqual([{ service_request_id: appId, token: 'app-req-1' }]);
    for (const t of tok) expect(Object.keys(t)).toEqual(SPEC.token);
    expect(json(await get(`${base}/tokens/app-req-1.json`))).toEqual([{ service_request_id: appId, token: 'app-req-1' }]);
    const unknown = await get(`${base}/tokens/nope.xml`);
    expect(unknown.status).toBe(404);
    expect(parseXml(unknown)).toEqual({ errors: { error: [{ code: '404', description: 'token nope not found' }] } });
  });

  it('GET requests without a key, as FixMyStreet polls by id: public fields only, the spec\'s order, no contact data', async () => {
    const r = await get(`${base}/requests.xml?jurisdiction_id=4403&service_request_id=${fmsId},${appId}`);
    expect(r.status).toBe(200);
    const reqs = (parseXml(r).service_requests as { request: Record<string, string>[] }).request;
    expect(reqs.map((x) => x.service_request_id).sort()).toEqual([fmsId, appId].sort());
    for (const x of reqs) expect(Object.keys(x)).toEqual(SPEC.request);
    const fms = reqs.find((x) => x.service_request_id === fmsId)!;
    expect(fms).toMatchObject({
      status: 'open',
      service_name: '类0102',
      service_code: '0102',
      description: 'title:  路边堆放生活垃圾\n\ndetail: 三袋 <黑色> 垃圾 & 纸箱\n\nSubmitted via FixMyStreet',
      address: '桂园路 12 号',
      lat: String(IN_GUIYUAN.lat),
      long: String(IN_GUIYUAN.long),
      media_url: 'https://example.org/photo.jpg',
      agency_responsible: '城管',
    });
    expect(fms.status_notes).toMatch(/^核实中/);
    expect(Date.parse(fms.requested_datetime!)).toBeGreaterThan(Date.now() - 60_000);
    expect(fms.updated_datetime).toMatch(/Z$/);
    // nobody's contact details, in either format, filtered or not
    const everything = [r.text, (await get(`${base}/requests.json`)).text, (await get(`${base}/requests/${fmsId}.json`)).text, (await get(`${base}/requests/${appId}.xml`)).text];
    for (const t of everything) for (const secret of ['citizen@example.org', '13800000000', '13900000000', 'Li', 'Wei', 'tt222111', '123456']) expect(t).not.toContain(secret);
    // the JSON is the same document
    const js = json<ServiceRequestView[]>(await get(`${base}/requests.json?service_request_id=${fmsId}`));
    expect({ request: js.map((x) => spark(x)) }).toEqual({ request: [fms] });
  });

  it('a citizen follows their report by id, without a key, through the workflow to its close', async () => {
    const duty = await login(gw.url, 'duty-440303');
    const key = 'demo-source-440303'; // the district's inspector and department systems
    const follow = async () => {
      const doc = parseXml(await get(`${base}/requests/${fmsId}.xml`)).service_requests as { request: Record<string, string>[] };
      return doc.request[0]!;
    };
    const seen: [string, string, string][] = [];
    const note = async () => {
      const x = await follow();
      seen.push([x.status!, x.status_notes!, x.expected_datetime!]);
      return x;
    };
    await note();
    const steps: [string, string, Record<string, string>?][] = [
      ['confirm', key], ['file', duty], ['dispatch', duty, { assignee: 'CG' }], ['start', key], ['feedback', key], ['check', duty], ['pass', duty],
    ];
    for (const [action, who, extra] of steps) {
      const r = await postJson(`${gw.url}/api/events/${fmsId}/transitions`, { action, ...(extra ?? {}) }, who);
      expect(r.status, action).toBe(200);
      await note();
    }
    expect(seen.map((s) => s[1].split('。')[0])).toEqual(['核实中：监督员将到现场核实', '已受理，等待立案', '已立案，等待派遣', '已派遣至城管', '城管正在处置', '已处置，等待核查', '核查中：监督员将到现场核查处置结果', '已结案']);
    expect(seen.map((s) => s[0])).toEqual(['open', 'open', 'open', 'open', 'open', 'open', 'open', 'closed']);
    expect(seen.at(-1)![2]).toBe(''); // nothing more is expected of a closed request
    const closed = await follow();
    expect(Date.parse(closed.updated_datetime!)).toBeGreaterThanOrEqual(Date.parse(closed.requested_datetime!));
    // and filtered by status, still without a key
    const byStatus = json<ServiceRequestView[]>(await get(`${base}/requests.json?status=closed`));
    expect(byStatus.map((x) => x.service_request_id)).toEqual([fmsId]);
  });

  it('without a key only what was filed through Open311; with a key every request in its scope', async () => {
    const ev = anEvent(114.112, 22.552, { occurredAt: new Date().toISOString(), description: '网格员上报' });
    expect((await postJson(`${gw.url}/api/ingest/events`, { events: [ev] }, 'demo-source-440303')).status).toBe(200);
    const token = await login(gw.url, 'leader-440303');
    const list = (await fetch(`${gw.url}/api/events?area=440303`, { headers: { authorization: `Bearer ${token}` } }).then((x) => x.json())) as { events: { id: string; sourceId: string }[] };
    const workerId = list.events.find((e) => e.sourceId === ev.id)!.id;

    const keyless = json<ServiceRequestView[]>(await get(`${base}/requests.json`)).map((x) => x.service_request_id);
    expect(keyless.sort()).toEqual([fmsId, appId].sort());
    expect((await get(`${base}/requests/${workerId}.json`)).status).toBe(404);
    const keyed = json<ServiceRequestView[]>(await get(`${base}/requests.json?api_key=demo-source-440303`)).map((x) => x.service_request_id);
    expect(keyed).toContain(workerId);
    expect(keyed).toContain(fmsId);
    expect(keyed).not.toContain(appId); // 福田, outside the 罗湖 key's scope
    const one = json<ServiceRequestView[]>(await get(`${base}/requests/${workerId}.json`, { authorization: 'Bearer demo-source-440303' }));
    expect(one[0]).toMatchObject({ service_request_id: workerId, description: '网格员上报', address: null });
  });

  it('answers errors in the spec\'s shape and the format asked for: 400, 403, 404', async () => {
    const url = `${base}/requests.xml`;
    const ok = { api_key: 'demo-source-4403', service_code: '0102', lat: String(IN_GUIYUAN.lat), long: String(IN_GUIYUAN.long) };
    const errorOf = (r: Reply) => {
      const doc = parseXml(r) as { errors: { error: Record<string, string>[] } };
      for (const e of doc.errors.error) expect(Object.keys(e)).toEqual(SPEC.error);
      expect(doc.errors.error[0]!.code).toBe(String(r.status));
      return doc.errors.error[0]!.description!;
    };
    const cases: [Reply, number, string | RegExp][] = [
      [await postForm(url, { ...ok, service_code: '' }), 400, 'service_code was not provided'],
      [await postForm(url, { ...ok, service_code: '0999' }), 404, 'service_code 0999 not found'], // a component class
      [await postForm(url, { api_key: 'demo-source-4403', service_code: '0102', address_string: '桂园路' }), 400, /^lat and long were not provided/],
      [await postForm(url, { ...ok, lat: 'north' }), 400, /lat/],
      [await postForm(url, { ...ok, lat: '22.2', long: '113.5' }), 400, /outside the city/],
      [await postForm(url, { ...ok, api_key: 'not-a-key' }), 403, 'api_key was not provided or invalid'],
      [await postForm(url, { ...ok, api_key: '' }), 403, 'api_key was not provided or invalid'],
      [await postForm(url, { ...ok, api_key: 'demo-source-440304' }), 403, /outside/],
      [await postForm(url, { ...ok, jurisdiction_id: 'sfgov.org' }), 404, 'jurisdiction_id sfgov.org not found: this endpoint serves 4403 (深圳市)'],
      [await get(`${base}/services.xml?jurisdiction_id=sfgov.org`), 404, /^jurisdiction_id sfgov\.org not found/],
      [await get(`${base}/requests.xml?api_key=wrong`), 403, 'api_key is invalid'],
      [await get(`${base}/requests.xml?status=pending`), 400, /status is open or closed/],
      [await get(`${base}/requests.xml?start_date=yesterday`), 400, /start_date/],
      [await get(`${base}/requests.xml?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`), 400, 'start_date and end_date may span at most 90 days'],
      [await get(`${base}/requests.xml?service_code=0999`), 404, 'service_code 0999 not found'],
      [await get(`${base}/requests/ev-999999999.xml`), 404, 'service_request_id ev-999999999 not found'],
      [await get(`${base}/services/0999.xml`), 404, 'service_code 0999 not found'],
      [await get(`${base}/nothing.xml`), 404, /^no GeoReport v2 resource at GET \/open311\/v2\/nothing\.xml/],
      [await call(`${base}/requests.xml`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"service_code": ' }), 400, /^the body is not valid JSON/],
    ];
    for (const [r, status, description] of cases) {
      expect(r.status, r.text).toBe(status);
      const d = errorOf(r);
      if (typeof description === 'string') expect(d).toBe(description);
      else expect(d).toMatch(description);
    }
    // the same in JSON
    const js = await postForm(`${base}/requests.json`, { ...ok, api_key: 'not-a-key' });
    expect(js.status).toBe(403);
    expect(json(js)).toEqual([{ code: 403, description: 'api_key was not provided or invalid' }]);
    const csv = await get(`${base}/services.csv`);
    expect(csv.status).toBe(404);
    expect(json(csv)).toEqual([{ code: 404, description: 'format "csv" is not served: use .xml or .json' }]);
  });

  it('idempotency without a token: a retry within the minute finds the first request', async () => {
    const fields = { api_key: 'demo-source-440303', service_code: '0104', lat: '22.551', long: '114.111', description: '道路不洁' };
    let first: Reply;
    let second: Reply;
    let minuteBefore: number;
    do {
      minuteBefore = Math.floor(Date.now() / 60_000);
      first = await postForm(`${base}/requests.json`, fields);
      second = await postForm(`${base}/requests.json`, fields);
    } while (Math.floor(Date.now() / 60_000) !== minuteBefore);
    const idOf = (r: Reply) => json<{ service_request_id: string }[]>(r)[0]!.service_request_id;
    expect(idOf(second)).toBe(idOf(first));
    expect(idOf(await postForm(`${base}/requests.json`, { ...fields, description: '另一处道路不洁' }))).not.toBe(idOf(first));
  });
});
