// A bench client process: many devices over MQTT. Told by the parent (IPC) which devices to
// connect; on `go` each publishes its readings at QoS 1, the next when the last was acknowledged;
// reports how many were acknowledged and when the first was sent and the last acknowledged.
// Devices speak raw MQTT 3.1.1 (mqtt-packet over a socket each, packets built before the clock
// starts), so the figure is the gateway's and not a heavy client library's.
import net from 'node:net';
import mqttPacket, { type Packet } from 'mqtt-packet';

interface Start {
  port: number;
  ids: string[];
  secret: string;
  messages: number;
  t0: number;
}

interface Device {
  id: string;
  socket: net.Socket;
  /** the publishes, serialised in advance */
  packets: Buffer[];
  onPacket: (p: Packet) => void;
}

let devices: Device[] = [];
let start: Start;

process.on('message', (m: { cmd: 'connect'; start: Start } | { cmd: 'go' } | { cmd: 'stop' }) => {
  if (m.cmd === 'connect') void connectAll(m.start);
  else if (m.cmd === 'go') void publishAll();
  else {
    for (const d of devices) d.socket.destroy();
    process.exit(0);
  }
});

function connect(s: Start, id: string): Promise<Device> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(s.port, '127.0.0.1');
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    const packets = Array.from({ length: s.messages }, (_, n) =>
      mqttPacket.generate({
        cmd: 'publish',
        topic: `gc/${id}/telemetry`,
        payload: JSON.stringify({ ts: new Date(s.t0 + n * 1000).toISOString(), values: { value: n, level: 50 + n } }),
        qos: 1,
        messageId: n + 1,
        retain: false,
        dup: false,
      }),
    );
    const d: Device = { id, socket, packets, onPacket: () => undefined };
    parser.on('packet', (p: Packet) => {
      if (p.cmd === 'connack') return p.returnCode === 0 ? resolve(d) : reject(new Error(`${id}: CONNACK ${p.returnCode}`));
      d.onPacket(p);
    });
    socket.on('data', (b) => parser.parse(b));
    socket.on('error', reject);
    socket.on('connect', () => socket.write(mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: id, keepalive: 0, username: id, password: Buffer.from(s.secret) })));
  });
}

async function connectAll(s: Start): Promise<void> {
  start = s;
  const CONCURRENT = 200;
  let next = 0;
  const out: Device[] = [];
  await Promise.all(
    Array.from({ length: CONCURRENT }, async () => {
      while (next < s.ids.length) out.push(await connect(s, s.ids[next++]!));
    }),
  );
  devices = out;
  process.send!({ cmd: 'ready', connected: out.length });
}

async function publishAll(): Promise<void> {
  let acked = 0;
  let last = 0;
  const first = Date.now();
  await Promise.all(
    devices.map(
      (d) =>
        new Promise<void>((resolve) => {
          let n = 0;
          d.onPacket = (p) => {
            if (p.cmd !== 'puback') return;
            acked++;
            last = Date.now();
            if (++n < start.messages) d.socket.write(d.packets[n]!);
            else resolve();
          };
          d.socket.write(d.packets[0]!);
        }),
    ),
  );
  process.send!({ cmd: 'done', acked, first, last });
}
