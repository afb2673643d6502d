/**
 * The soak's screens, in a process of their own (forked by tests/support/soak.ts with execArgv
 * ['--import', 'tsx']) so that their memory and CPU are not the gateway's.
 *
 * Protocol over IPC:
 *   parent → { type: 'connect', url, screens: [{ scope, token }] }   child → { type: 'ready' }
 *   parent → { type: 'check', expected: [id, area][] }               child → { type: 'result', ... } and exits
 *
 * Every event view received is timed (receipt − its updatedAt, the writer's commit start) and
 * remembered per screen, so the parent can ask which stored events a screen never got.
 */
import { io, type Socket } from 'socket.io-client';

export interface SoakScreen {
  scope: string;
  token: string;
}

export type ToSoakScreens = { type: 'connect'; url: string; screens: SoakScreen[] } | { type: 'check'; expected: [string, string][] };

export type FromSoakScreens =
  | { type: 'ready' }
  | { type: 'error'; message: string }
  | {
      type: 'result';
      /** event views received, over all screens */
      received: number;
      /** (screen, stored event in its scope) pairs never received */
      missing: number;
      /** a few of them, for the message */
      missingSamples: string[];
      disconnected: number;
      /** sparse latency histogram, commit → receipt: [ms, count] */
      hist: [number, number][];
    };

const HIST_MAX_MS = 60_000;
const hist = new Uint32Array(HIST_MAX_MS + 1);
const sockets: { scope: string; socket: Socket; disconnected: boolean }[] = [];
/** event id → which screens received it (one byte per screen: bounded by the events of one run) */
const seen = new Map<string, Uint8Array>();
let received = 0;
let lastUpdatedAt = '';
let lastCommitted = 0;

function send(msg: FromSoakScreens): Promise<void> {
  return new Promise((resolve) => process.send!(msg, undefined, undefined, () => resolve()));
}

function attach(url: string, spec: SoakScreen, index: number, total: number): Promise<void> {
  const socket = io(`${url}/screen`, { auth: { token: spec.token }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 60_000 });
  const entry = { scope: spec.scope, socket, disconnected: false };
  sockets.push(entry);
  socket.on('events', (batch: { id?: unknown; updatedAt?: unknown }[]) => {
    const now = Date.now();
    for (const e of batch) {
      if (typeof e.id !== 'string') continue;
      received++;
      let flags = seen.get(e.id);
      if (!flags) seen.set(e.id, (flags = new Uint8Array(total)));
      flags[index] = 1;
      if (typeof e.updatedAt === 'string') {
        // every event of one commit carries the same updatedAt: parse each distinct one once
        if (e.updatedAt !== lastUpdatedAt) {
          lastUpdatedAt = e.updatedAt;
          lastCommitted = Date.parse(e.updatedAt);
        }
        hist[Math.min(HIST_MAX_MS, Math.max(0, Math.round(now - lastCommitted)))]!++;
      }
    }
  });
  socket.on('disconnect', () => (entry.disconnected = true));
  return new Promise<void>((resolve, reject) => {
    socket.once('hello', () => resolve());
    socket.once('connect_error', (err) => reject(new Error(`screen ${spec.scope}: ${err.message}`)));
  });
}

async function connect(url: string, screens: SoakScreen[]): Promise<void> {
  for (let i = 0; i < screens.length; i += 10) await Promise.all(screens.slice(i, i + 10).map((s, j) => attach(url, s, i + j, screens.length)));
  await send({ type: 'ready' });
}

async function check(expected: [string, string][]): Promise<void> {
  let missing = 0;
  const missingSamples: string[] = [];
  for (const [id, area] of expected) {
    const flags = seen.get(id);
    sockets.forEach((s, i) => {
      if (!area.startsWith(s.scope) || flags?.[i]) return;
      missing++;
      if (missingSamples.length < 5) missingSamples.push(`${id} (${area}) not on screen ${i} (${s.scope})`);
    });
  }
  const disconnected = sockets.filter((s) => s.disconnected).length;
  for (const s of sockets) s.socket.close();
  const sparse: [number, number][] = [];
  for (let i = 0; i < hist.length; i++) if (hist[i]) sparse.push([i, hist[i]!]);
  await send({ type: 'result', received, missing, missingSamples, disconnected, hist: sparse });
  process.exit(0);
}

process.on('message', (msg: ToSoakScreens) => {
  const run = msg.type === 'connect' ? connect(msg.url, msg.screens) : check(msg.expected);
  run.catch(async (err: Error) => {
    await send({ type: 'error', message: err.message });
    process.exit(1);
  });
});
// Never outlive the soak: the parent going away closes the IPC channel.
process.on('disconnect', () => process.exit(0));
