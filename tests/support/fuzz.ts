// A fuzzer for every ingest path of a running gateway: HTTP batches, the /ingest socket, Open311
// requests and /screen handshakes. Every payload is malformed or hostile by construction (each
// batch carries at least one item the contract must refuse), so a gateway that stores anything
// from them, answers one with a 5xx, or stops answering, fails. Used by the `fuzz` bench group
// (10,000 payloads) and by tests/integration/fuzz.test.ts (a short run).
import { io } from 'socket.io-client';
import { pick, seededRandom } from '../../gateway/src/sim/random.js';

export interface FuzzResult {
  tried: number;
  byPath: Record<string, number>;
  /** answers ≥ 500, with a sample of what caused them */
  serverErrors: number;
  samples: string[];
  /** health checks that failed (the gateway stopped answering) */
  unanswered: number;
}

const HOSTILE_STRINGS = [
  "'; DROP TABLE events; --",
  "\" OR 1=1 --",
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\u202Eevil',
  '<script>alert(1)</script>',
  '${jndi:ldap://x/a}',
  '%s%s%s%n',
  '../../../../etc/passwd',
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '9'.repeat(400),
  'x'.repeat(5000),
  '😀'.repeat(300),
  '',
  ' ',
  '2026-13-45T99:99:99+08:00',
  '2026-11-28T09:30:00',
  'SELECT * FROM users',
  '{"$ne":null}',
];
const HOSTILE_VALUES: unknown[] = [null, true, false, 0, -1, 1e308, -1e308, 3.5, [], [1, 2], {}, { $gt: '' }, { __proto__: { admin: true } }, '1', ...HOSTILE_STRINGS];

const STREAMS = ['events', 'positions', 'cameras', 'stats'] as const;
type StreamName = (typeof STREAMS)[number];

/** A well-formed item of each stream: the fuzzer breaks it. */
function template(stream: StreamName, i: number): Record<string, unknown> {
  switch (stream) {
    case 'events':
      return { id: `fz-${i}`, occurredAt: '2026-11-28T09:30:00+08:00', lon: 114.11, lat: 22.55, category: '0102', urgency: 'normal', title: 't', reporter: { kind: 'worker', id: 'w-1' } };
    case 'positions':
      return { workerId: `fz-${i}`, ts: '2026-11-28T09:30:00+08:00', lon: 114.11, lat: 22.55 };
    case 'cameras':
      return { id: `fz-${i}`, name: 'c', lon: 114.11, lat: 22.55, hlsUrl: 'http://x/a.m3u8', status: 'online' };
    case 'stats':
      return { key: 'population.resident', areaCode: '440303', ts: '2026-11-28T09:30:00+08:00', value: 1 };
  }
}

/** Changes an item so that the contract must refuse it (one of several definite violations). */
function violate(item: Record<string, unknown>, rand: () => number): void {
  const keys = Object.keys(item);
  const k = pick(rand, keys);
  switch (Math.floor(rand() * 6)) {
    case 0:
      delete item[k === 'urgency' || k === 'title' || k === 'status' ? keys[0]! : k];
      break;
    case 1:
      // a value of the wrong type for every field: objects and arrays are never a string or a number here
      item[k === 'reporter' ? keys[0]! : k] = pick(rand, [{}, [], { a: 1 }, [null]]);
      break;
    case 2:
      item[`evil${Math.floor(rand() * 100)}`] = pick(rand, HOSTILE_VALUES); // strict objects refuse unknown keys
      break;
    case 3:
      if ('lon' in item) item.lon = pick(rand, [181, -181, 1e308, '114.1', null]);
      else item.value = pick(rand, ['1', null, {}]);
      break;
    case 4: {
      const at = keys.find((x) => x === 'ts' || x === 'occurredAt');
      if (at) item[at] = pick(rand, ['2026-13-45T99:99:99+08:00', '2026-11-28T09:30:00', 'yesterday', 0, null]);
      else item.evil = null;
      break;
    }
    default:
      item[keys[0]!] = pick(rand, ['', 'x'.repeat(200), null, 7]); // ids: empty, too long, not a string
  }
}

/** Sprinkles hostile strings into the item's other fields (they may be valid on their own). */
function poison(item: Record<string, unknown>, rand: () => number): void {
  for (const k of Object.keys(item)) if (typeof item[k] === 'string' && rand() < 0.3) item[k] = pick(rand, HOSTILE_STRINGS);
}

function hostileBatch(stream: StreamName, rand: () => number, seq: number): unknown {
  const n = 1 + Math.floor(rand() * (rand() < 0.05 ? 300 : 5));
  const items = Array.from({ length: n }, (_, i) => {
    const item = template(stream, seq * 1000 + i);
    poison(item, rand);
    if (i === 0 || rand() < 0.5) violate(item, rand);
    return item;
  });
  items.sort(() => rand() - 0.5);
  switch (Math.floor(rand() * 10)) {
    case 0:
      return { [stream]: items, extra: pick(rand, HOSTILE_VALUES) };
    case 1:
      return { [stream]: pick(rand, HOSTILE_VALUES) };
    case 2:
      return pick(rand, HOSTILE_VALUES);
    case 3:
      return { [pick(rand, STREAMS.filter((s) => s !== stream))]: items }; // another stream's key
    case 4:
      return { [stream]: [] };
    default:
      return { [stream]: items };
  }
}

/** Raw bodies that are not the JSON they claim to be, or are built to hurt a parser. */
function hostileText(rand: () => number): { body: string; type: string } {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const body = pick(rand, [
    '{"events": [',
    '{"events": [{"id": "x"',
    'null',
    '',
    '\u0000\u0001\u0002',
    deep(100_000),
    `{"events": ${deep(5000)}}`,
    '{"__proto__": {"polluted": true}, "events": [{"__proto__": {"x": 1}}]}',
    '{"constructor": {"prototype": {"polluted": true}}}',
    `{"events": [${'{"id":"a"},'.repeat(6000)}{"id":"a"}]}`,
    '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
    '{"events": [1e999999]}',
    '\uFEFF{"events": []}',
  ]);
  return { body, type: pick(rand, ['application/json', 'text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', '']) };
}

/** Runs `tries` payloads against the gateway at `url` with source key `key` and screen token `token`. */
export async function fuzzGateway(url: string, key: string, token: string, tries: number, seed = 15): Promise<FuzzResult> {
  const rand = seededRandom(seed);
  const result: FuzzResult = { tried: 0, byPath: {}, serverErrors: 0, samples: [], unanswered: 0 };
  const note = (path: string) => (result.byPath[path] = (result.byPath[path] ?? 0) + 1);
  const serverError = (what: string, status: number, detail: unknown) => {
    result.serverErrors++;
    if (result.samples.length < 10) result.samples.push(`${what} → ${status}: ${JSON.stringify(detail).slice(0, 300)}`);
  };
  const keys = [key, key, key, 'wrong-key', '', 'x'.repeat(10_000), "' OR 1=1 --"];

  const ingestSocket = io(`${url}/ingest`, { auth: { key }, transports: ['websocket'], reconnection: true });
  await new Promise<void>((resolve, reject) => {
    ingestSocket.once('connect', () => resolve());
    ingestSocket.once('connect_error', reject);
  });

  const http = async (i: number) => {
    const stream = pick(rand, STREAMS);
    const useText = rand() < 0.2;
    const { body, type } = useText ? hostileText(rand) : { body: JSON.stringify(hostileBatch(stream, rand, i)), type: 'application/json' };
    const path = rand() < 0.05 ? pick(rand, ['/api/ingest/__proto__', '/api/ingest/constructor', '/api/ingest/..%2f..%2fetc', '/api/ingest/events%00', '/api/ingest/']) : `/api/ingest/${stream}`;
    const method = rand() < 0.05 ? pick(rand, ['PUT', 'DELETE', 'PATCH']) : 'POST';
    const k = pick(rand, keys);
    const headers: Record<string, string> = { authorization: `Bearer ${k}` };
    if (type) headers['content-type'] = type;
    const res = await fetch(`${url}${path}`, { method, headers, body });
    const text = await res.text();
    if (res.status >= 500) serverError(`${method} ${path} ${body.slice(0, 120)}`, res.status, text);
    if (res.status === 200) serverError(`accepted: ${method} ${path} ${body.slice(0, 200)}`, 200, text);
    note('http');
  };

  const socket = async (i: number) => {
    const stream = pick(rand, [...STREAMS, '__proto__', 'constructor', 'hello', 'toString']);
    const payload = rand() < 0.1 ? pick(rand, [Buffer.from([0, 1, 2, 255]), 'x'.repeat(100_000), null, undefined]) : hostileBatch(pick(rand, STREAMS), rand, i);
    const known = (STREAMS as readonly string[]).includes(stream);
    if (!known || rand() < 0.1) {
      // unknown names get no answer; without an acknowledgement callback nothing may be stored
      ingestSocket.emit(stream, payload);
    } else {
      const ack = await new Promise<{ status: number } | null>((resolve) => {
        const t = setTimeout(() => {
          if (process.env.FUZZ_DEBUG) console.log('no ack', stream, JSON.stringify(payload)?.slice(0, 100));
          resolve(null);
        }, 5000);
        ingestSocket.emit(stream, payload, (r: { status: number }) => {
          clearTimeout(t);
          resolve(r);
        });
      });
      // a known stream must answer, and never 200 or 5xx
      if (!ack || ack.status >= 500 || ack.status === 200) serverError(`/ingest ${stream} ${JSON.stringify(payload)?.slice(0, 120)}`, ack?.status ?? 0, ack ?? 'no answer');
    }
    note('ingest-socket');
  };

  const open311 = async (i: number) => {
    const form = new URLSearchParams();
    const fields: Record<string, unknown> = { service_code: '0102', lat: '22.55', long: '114.11', description: pick(rand, HOSTILE_STRINGS), api_key: key };
    for (const f of Object.keys(fields)) if (rand() < 0.3) fields[f] = pick(rand, HOSTILE_STRINGS);
    // a definite violation: no service, an unknown one, or a place that is not a place in the city
    const v = Math.floor(rand() * 5);
    switch (v) {
      case 0:
        delete fields.service_code;
        break;
      case 1:
        fields.service_code = `zz${i}`;
        break;
      case 2:
        fields.lat = pick(rand, ['abc', '1e309', '', 'NaN', '-91']);
        break;
      case 3:
        fields.long = pick(rand, ['500', 'Infinity', '0x1F', '114,11']);
        break;
      default:
        delete fields.lat;
        delete fields.long;
    }
    for (const [k, v] of Object.entries(fields)) form.append(k, String(v));
    if (rand() < 0.2) form.append('attribute[__proto__][polluted]', '1');
    if (v >= 2 && rand() < 0.2) form.append('service_code', '0101'); // a repeated field (the place is still wrong)
    const format = pick(rand, ['json', 'json', 'xml', 'exe', 'json%00']);
    const asJson = rand() < 0.2;
    const res = await fetch(`${url}/open311/v2/requests.${format}`, {
      method: 'POST',
      headers: { 'content-type': asJson ? 'application/json' : 'application/x-www-form-urlencoded' },
      body: asJson ? JSON.stringify({ ...fields, service_code: pick(rand, [fields.service_code ?? null, ['0102'], { a: 1 }]) }) : form.toString(),
    });
    const text = await res.text();
    if (res.status >= 500 || res.status === 200 || res.status === 201) serverError(`open311 ${format} ${form.toString().slice(0, 150)}`, res.status, text);
    note('open311');
  };

  const screen = async () => {
    const auth = pick(rand, [
      { token: pick(rand, HOSTILE_VALUES) },
      { token, since: pick(rand, HOSTILE_VALUES) },
      { token, scope: pick(rand, HOSTILE_VALUES) },
      { token, scope: pick(rand, ['4403', '440303', '3301', '4403'.repeat(100), '44030300100101', '']), since: pick(rand, [-1, 0, 1e15, 2 ** 53, 0.5]) },
      { token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.' },
      pick(rand, HOSTILE_VALUES),
    ]);
    const s = io(`${url}/screen`, { auth: auth as Record<string, unknown>, transports: ['websocket'], reconnection: false, timeout: 5000 });
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 5000);
      const done = () => {
        clearTimeout(t);
        resolve();
      };
      s.once('hello', done);
      s.once('connect_error', done);
      s.once('disconnect', done);
    });
    s.close();
    note('screen');
  };

  const paths = [http, http, http, socket, socket, open311, open311, screen];
  for (let i = 0; i < tries; i++) {
    const f = pick(rand, paths);
    const t0 = performance.now();
    await f(i);
    const ms = performance.now() - t0;
    if (process.env.FUZZ_DEBUG && ms > 200) console.log(f.name, Math.round(ms));
    result.tried++;
    if (i % 100 === 99 || i === tries - 1) {
      const ok = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.ok, () => false);
      if (!ok) {
        result.unanswered++;
        break;
      }
    }
  }
  ingestSocket.close();
  return result;
}
