/**
 * The floor for the fan-out benchmark: a bare Express + Socket.IO server with the gateway's
 * ingest route shape (POST /api/ingest/events, JSON `{ events }`) but no validation, no
 * placement and no storage. Each event goes to the pending list of the city room and of its
 * district room (the sender's `districtCode` hint); every 50 ms each room's pending events go
 * out as one `events` emit. A `/screen` socket joins the room named by `auth.scope`.
 *
 * Run as a child process (forked with execArgv ['--import', 'tsx']); it reports its url over
 * IPC and exits when the parent disconnects or sends SIGTERM.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Server } from 'socket.io';

const CITY = process.env.BARE_CITY_CODE ?? '4403';
const TICK_MS = Number(process.env.BARE_TICK_MS ?? 50);

interface HintedEvent {
  districtCode?: string;
  [key: string]: unknown;
}

const app = express();
app.use(express.json({ limit: '10mb' }));
const server = http.createServer(app);
const ioServer = new Server(server, { serveClient: false, transports: ['websocket'] });
const screens = ioServer.of('/screen');

let pending = new Map<string, HintedEvent[]>();
const queue = (room: string, e: HintedEvent) => {
  let list = pending.get(room);
  if (!list) pending.set(room, (list = []));
  list.push(e);
};

app.post('/api/ingest/events', (req, res) => {
  const events = (req.body as { events?: HintedEvent[] } | undefined)?.events ?? [];
  for (const e of events) {
    queue(CITY, e);
    if (e.districtCode) queue(e.districtCode, e);
  }
  res.json({ accepted: events.length, duplicates: 0, lastSeq: 0 });
});

screens.on('connection', (socket) => {
  const scope = (socket.handshake.auth as { scope?: unknown }).scope;
  void socket.join(typeof scope === 'string' && scope ? scope : CITY);
  socket.emit('hello', { scope });
});

const timer = setInterval(() => {
  if (!pending.size) return;
  const rooms = screens.adapter.rooms;
  for (const [room, list] of pending) if (rooms.has(room)) screens.to(room).emit('events', list);
  pending = new Map();
}, TICK_MS);

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  if (process.send) process.send({ type: 'listening', url });
  else console.log(`bare broadcast server running: ${url}`);
});

const stop = () => {
  clearInterval(timer);
  void ioServer.close();
  server.close();
  setTimeout(() => process.exit(0), 200).unref();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
process.on('disconnect', stop);
