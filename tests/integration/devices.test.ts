import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MqttClient } from 'mqtt';
import type { DevicesResponse } from '../../gateway/protocol/devices.js';
import { addDevice, connectDevice, publishAcked, telemetry } from '../support/devices.js';
import type { DeviceCounts } from '../../gateway/protocol/devices.js';
import { login, screenClient, startTestGateway, tempDir, waitFor, type Gateway } from '../support/gateway-harness.js';
import { startMosquitto, type Mosquitto } from '../support/mosquitto.js';

// Points inside the fixture city: a grid of 罗湖 (440303) and one of 福田 (440304).
const LUOHU = { lon: 114.11, lat: 22.54, grid: '44030300100101' };
const FUTIAN = { lon: 114.02, lat: 22.52, grid: '44030400100101' };

async function count(gw: Gateway, sql: string, params: (string | number)[] = []): Promise<number> {
  const rows = await gw.db.query<{ n: bigint }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}

async function waitForAsync(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function devicesOf(gw: Gateway, token: string, query = ''): Promise<DevicesResponse> {
  const res = await fetch(`${gw.url}/api/devices${query}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as DevicesResponse;
}

describe.each([{ broker: 'embedded' as const }, { broker: 'mosquitto' as const }])('devices over MQTT ($broker broker)', ({ broker }) => {
  let gw: Gateway;
  let mosq: Mosquitto | null = null;
  let port: number;
  const secrets: Record<string, string> = {};
  const clients: MqttClient[] = [];
  let cityToken: string;

  beforeAll(async () => {
    const dataDir = tempDir();
    if (broker === 'mosquitto') {
      mosq = await startMosquitto(tempDir('gc-mosq-'));
      gw = await startTestGateway({ dataDir, mqttUrl: mosq.gatewayUrl, deviceCheckMs: 200 });
      port = mosq.port;
    } else {
      gw = await startTestGateway({ dataDir, mqttPort: 0, deviceCheckMs: 200 });
      port = gw.mqttPort!;
    }
    secrets['bin-1'] = await addDevice(dataDir, 'bin-1', 'bin_fill', LUOHU.lon, LUOHU.lat);
    secrets['bin-2'] = await addDevice(dataDir, 'bin-2', 'bin_fill', FUTIAN.lon, FUTIAN.lat);
    secrets['quiet-1'] = await addDevice(dataDir, 'quiet-1', 'noise', LUOHU.lon, LUOHU.lat, ['--interval', '1']);
    secrets['will-1'] = await addDevice(dataDir, 'will-1', 'noise', FUTIAN.lon, FUTIAN.lat);
    if (mosq) {
      const { sendAdminCommand } = await import('../../gateway/src/admin/admin-socket.js');
      await mosq.setDevices((await sendAdminCommand(dataDir, ['device', 'passwd'])).out);
    }
    cityToken = await login(gw.url, 'leader-4403');
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) c.end(true);
    await gw?.close();
    await mosq?.stop();
  });

  const device = async (id: string, o = {}) => {
    const c = await connectDevice(port, id, secrets[id]!, o);
    clients.push(c);
    return c;
  };

  it('stores telemetry before the PUBACK, with the latest values in the registry', async () => {
    const c = await device('bin-1');
    const ts = Date.now() - 60_000;
    await publishAcked(c, 'gc/bin-1/telemetry', telemetry(ts, { fill_pct: 41.5 }));
    if (broker === 'embedded') {
      // acknowledged means committed: the row is there without waiting
      expect(await count(gw, "SELECT count(*) AS n FROM device_telemetry WHERE device_id = 'bin-1'")).toBe(1);
    } else {
      // mosquitto acknowledged the device; the gateway acknowledges mosquitto after its commit
      await waitForAsync(async () => (await count(gw, "SELECT count(*) AS n FROM device_telemetry WHERE device_id = 'bin-1'")) === 1, 'bin-1 telemetry stored');
    }
    const r = await devicesOf(gw, cityToken, '?kind=bin_fill');
    const bin = r.devices.find((d) => d.id === 'bin-1')!;
    expect(bin).toMatchObject({ status: 'online', gridCode: LUOHU.grid, latest: { ts: new Date(ts).toISOString(), values: { fill_pct: 41.5 } } });
    // scoped: 福田's leader does not see 罗湖's devices
    const futian = await devicesOf(gw, await login(gw.url, 'leader-440304'));
    expect(futian.devices.map((d) => d.id).sort()).toEqual(['bin-2', 'will-1']);
  });

  it('refuses bad credentials', async () => {
    await expect(connectDevice(port, 'bin-1', 'not-the-secret')).rejects.toThrow(/Bad username or password|Not authorized/i);
    await expect(connectDevice(port, 'nobody', 'x')).rejects.toThrow(/Bad username or password|Not authorized/i);
    if (broker === 'embedded') {
      const targets = async () => (await gw.db.query<{ target: string }>("SELECT target FROM audit_log WHERE action = 'device_auth_refused' ORDER BY target")).map((a) => a.target);
      await waitForAsync(async () => (await targets()).length === 2, 'two audit rows');
      expect(await targets()).toEqual(['bin-1', 'nobody']);
    }
  });

  it('refuses a publish to another device’s topic', async () => {
    const c = await device('bin-1');
    const before = await count(gw, "SELECT count(*) AS n FROM device_telemetry WHERE device_id = 'bin-2'");
    const sent = publishAcked(c, 'gc/bin-2/telemetry', telemetry(Date.now(), { fill_pct: 99 }));
    if (broker === 'embedded') {
      // the embedded broker closes the connection without a PUBACK and audits it
      await expect(sent).rejects.toThrow();
      const audit = async () => gw.db.query<{ detail: string }>("SELECT detail FROM audit_log WHERE action = 'device_topic_refused' AND target = 'bin-1'");
      await waitForAsync(async () => (await audit()).length === 1, 'the refusal audited');
      expect((await audit())[0]!.detail).toContain('gc/bin-2/telemetry');
    } else {
      await sent.catch(() => undefined); // mosquitto drops it (an MQTT 3.1.1 PUBACK cannot say no)
    }
    // a publish that would have been stored is committed by now: nothing of bin-2 arrived
    const own = await device('bin-2');
    await publishAcked(own, 'gc/bin-2/telemetry', telemetry(Date.now() - 30_000, { fill_pct: 10 }));
    await new Promise((r) => setTimeout(r, 300));
    expect(await count(gw, "SELECT count(*) AS n FROM device_telemetry WHERE device_id = 'bin-2'")).toBe(before + 1);
    expect(await count(gw, "SELECT count(*) AS n FROM device_telemetry WHERE device_id = 'bin-2' AND vals LIKE '%99%'")).toBe(0);
  });

  it('drops garbage payloads, counts them and stays up', async () => {
    const c = await device('bin-2');
    const before = gw.devices.counters.malformed;
    const garbage = ['not json', '{"ts": 1}', JSON.stringify({ ts: new Date().toISOString(), values: { fill_pct: 'full' } }), '\u0000\u00ff\u0013', JSON.stringify({ ts: new Date().toISOString(), code: 'x', level: 9 })];
    for (const g of garbage.slice(0, 4)) await publishAcked(c, 'gc/bin-2/telemetry', g);
    await publishAcked(c, 'gc/bin-2/alarm', garbage[4]!);
    await publishAcked(c, 'gc/bin-2/status', 'sleepy');
    await waitFor(() => gw.devices.counters.malformed - before === 6, 10_000, 'six malformed payloads counted');
    expect((await fetch(`${gw.url}/api/health`)).status).toBe(200);
    // and the same connection still stores good data
    await publishAcked(c, 'gc/bin-2/telemetry', telemetry(Date.now(), { fill_pct: 12 }));
    await waitFor(() => gw.devices.registry.get('bin-2')?.latest?.values.fill_pct === 12, 10_000, 'good telemetry after garbage');
  });

  it('turns a flapping alarm into exactly one case, on its district’s screen only', async () => {
    const luohu = screenClient(gw.url, { token: await login(gw.url, 'leader-440303') });
    const futian = screenClient(gw.url, { token: await login(gw.url, 'leader-440304') });
    await Promise.all([luohu.ready, futian.ready]);
    const pushed: Record<string, DeviceCounts[]> = { luohu: [], futian: [] };
    luohu.socket.on('deviceCounts', (c) => pushed.luohu!.push(c));
    futian.socket.on('deviceCounts', (c) => pushed.futian!.push(c));
    const c = await device('bin-1');
    const t0 = Date.now() - 20_000;
    // over, under, over, under, over the 90 % threshold, and an alarm of the device's own
    for (const [i, v] of [95, 20, 96, 30, 97].entries()) await publishAcked(c, 'gc/bin-1/telemetry', telemetry(t0 + i * 1000, { fill_pct: v }));
    await publishAcked(c, 'gc/bin-1/alarm', JSON.stringify({ ts: new Date(t0 + 6000).toISOString(), code: 'lid_jammed', level: 2 }));
    await waitFor(() => luohu.received.some((e) => e.sourceId.startsWith('bin-1/')), 15_000, 'the case on 罗湖’s screen');
    await waitFor(() => gw.devices.counters.joined >= 3, 10_000, 'later alarms joined to the open case');
    expect(await count(gw, "SELECT count(*) AS n FROM device_alarms WHERE device_id = 'bin-1'")).toBe(4);
    const cases = await gw.db.query<{ id: string; reporter_kind: string; category: string; grid_code: string; status: string }>(
      "SELECT id, reporter_kind, category, grid_code, status FROM events WHERE reporter_id = 'bin-1'",
    );
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ reporter_kind: 'sensor', category: '0102', grid_code: LUOHU.grid, status: 'REPORTED' });
    expect(futian.received.filter((e) => e.sourceId.startsWith('bin-1/'))).toEqual([]);
    const r = await devicesOf(gw, cityToken, '?status=alarm');
    expect(r.devices.map((d) => [d.id, d.caseId])).toEqual([['bin-1', cases[0]!.id]]);
    // the device widget's counts follow live: each screen gets its own scope's, the alarm in 罗湖's
    await waitFor(() => pushed.luohu!.some((p) => p.totals.alarm === 1), 10_000, 'the alarm in 罗湖’s pushed counts');
    const last = pushed.luohu!.at(-1)!;
    expect(last.scope).toBe('440303');
    expect(last.areas.find((a) => a.code === LUOHU.grid.slice(0, 9))).toMatchObject({ alarm: 1 });
    expect(pushed.futian!.every((p) => p.scope === '440304')).toBe(true);
    luohu.close();
    futian.close();
  });

  it('opens a new case for the next alarm once the case of the last one is closed', async () => {
    const [open] = await gw.db.query<{ id: string }>("SELECT id FROM events WHERE reporter_id = 'bin-1'");
    const duty = await login(gw.url, 'duty-440303');
    const res = await fetch(`${gw.url}/api/events/${open!.id}/transitions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${duty}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'invalidate', note: 'sensor checked on site' }),
    });
    expect(res.status).toBe(200);
    await waitFor(() => gw.devices.registry.get('bin-1')?.caseId === null, 10_000, 'the device free of its case');
    const c = await device('bin-1');
    await publishAcked(c, 'gc/bin-1/alarm', JSON.stringify({ ts: new Date().toISOString(), code: 'lid_jammed', level: 1 }));
    await waitForAsync(async () => (await count(gw, "SELECT count(*) AS n FROM events WHERE reporter_id = 'bin-1'")) === 2, 'a second case');
    expect(await count(gw, "SELECT count(*) AS n FROM events WHERE reporter_id = 'bin-1' AND status = 'REPORTED'")).toBe(1);
  });

  it('marks a silent device offline, and a device whose connection dies offline at once by its last will', async () => {
    const quiet = await device('quiet-1');
    await publishAcked(quiet, 'gc/quiet-1/telemetry', telemetry(Date.now(), { noise_db: 50 }));
    await waitFor(() => gw.devices.registry.get('quiet-1')?.status === 'online', 10_000, 'quiet-1 online');
    // interval 1 s: silent past 3 s it is offline
    await waitFor(() => gw.devices.registry.get('quiet-1')?.status === 'offline', 15_000, 'quiet-1 offline');
    // the registry turns at once; the row follows with the next commit
    const causes = async (id: string) => (await gw.db.query<{ cause: string }>(`SELECT cause FROM device_status WHERE device_id = '${id}' ORDER BY seq`)).map((r) => r.cause);
    await waitForAsync(async () => (await causes('quiet-1')).length === 2, 'the offline row of quiet-1');
    expect(await causes('quiet-1')).toEqual(['traffic', 'silence']);

    const w = await device('will-1', { will: { topic: 'gc/will-1/status', payload: Buffer.from('offline'), qos: 1, retain: false } });
    await publishAcked(w, 'gc/will-1/status', 'online');
    await waitFor(() => gw.devices.registry.get('will-1')?.status === 'online', 10_000, 'will-1 online');
    w.stream.destroy(); // the connection dies without a DISCONNECT: the broker publishes the will
    await waitFor(() => gw.devices.registry.get('will-1')?.status === 'offline', 10_000, 'will-1 offline by its will');
    await waitForAsync(async () => (await causes('will-1')).length === 2, 'the offline row of will-1');
    // an external broker forwards the will as an ordinary message of the device
    expect(await causes('will-1')).toEqual(['device', broker === 'embedded' ? 'will' : 'device']);
  });
});
