// A bench client process: many devices over MQTT. Told by the parent (IPC) which devices to
// connect; on `go` each publishes its readings at QoS 1, the next when the last was acknowledged;
// reports how many were acknowledged and when the first was sent and the last acknowledged.
import mqtt, { type MqttClient } from 'mqtt';

interface Start {
  port: number;
  ids: string[];
  secret: string;
  messages: number;
  t0: number;
}

let clients: MqttClient[] = [];
let start: Start;

process.on('message', (m: { cmd: 'connect'; start: Start } | { cmd: 'go' } | { cmd: 'stop' }) => {
  if (m.cmd === 'connect') void connectAll(m.start);
  else if (m.cmd === 'go') void publishAll();
  else {
    for (const c of clients) c.end(true);
    process.exit(0);
  }
});

async function connectAll(s: Start): Promise<void> {
  start = s;
  const CONCURRENT = 200;
  let next = 0;
  const out: MqttClient[] = [];
  await Promise.all(
    Array.from({ length: CONCURRENT }, async () => {
      while (next < s.ids.length) {
        const id = s.ids[next++]!;
        out.push(await mqtt.connectAsync(`mqtt://127.0.0.1:${s.port}`, { username: id, password: s.secret, clientId: id, reconnectPeriod: 0, connectTimeout: 120_000, keepalive: 600 }));
      }
    }),
  );
  clients = out;
  process.send!({ cmd: 'ready', connected: out.length });
}

async function publishAll(): Promise<void> {
  let acked = 0;
  let first = Infinity;
  let last = 0;
  await Promise.all(
    clients.map(async (c) => {
      const id = c.options.username!;
      for (let n = 0; n < start.messages; n++) {
        const body = JSON.stringify({ ts: new Date(start.t0 + n * 1000).toISOString(), values: { value: n, level: 50 + n } });
        const sent = Date.now();
        first = Math.min(first, sent);
        await c.publishAsync(`gc/${id}/telemetry`, body, { qos: 1 });
        acked++;
        last = Date.now();
      }
    }),
  );
  process.send!({ cmd: 'done', acked, first, last });
}
