/**
 * Screen clients for the fan-out benchmark, run in a process of their own (forked by
 * bench/fanout.ts with execArgv ['--import', 'tsx']) so their CPU is not the sender's.
 *
 * Protocol over IPC:
 *   parent → { type: 'connect', url, screens: [{ scope, auth }] }   child → { type: 'ready', ... }
 *   parent → { type: 'collect' }                                    child → { type: 'result', ... } and exits
 *
 * Every received event whose source id starts with `f-` is counted (no dedupe, so a duplicate
 * shows as a ratio above 1) and its latency, receipt − send time encoded in the id
 * (`f-<ms>-<n>`), goes into a 1 ms histogram shared by all sockets of this process.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';

export interface ScreenSpec {
  /** the room the screen should end up in: the city code or a district code */
  scope: string;
  /** handshake auth: `{ token }` for the gateway, `{ scope }` for the bare broadcast server */
  auth: Record<string, string>;
}

export type ToClient = { type: 'connect'; url: string; screens: ScreenSpec[] } | { type: 'collect' };

export interface ScreenResult {
  scope: string;
  received: number;
  disconnected: boolean;
}

export type FromClient =
  | { type: 'ready'; connected: number; ms: number }
  | { type: 'error'; message: string }
  | {
      type: 'result';
      screens: ScreenResult[];
      /** sparse latency histogram: [ms, count] pairs; latencies ≥ HIST_MAX_MS are in the last bucket */
      hist: [number, number][];
      /** gateway runs only (EventView.updatedAt = the writer's commit start), over every receipt: send → commit and commit → receipt */
      split: { sendToCommit: [number, number][]; commitToReceipt: [number, number][] } | null;
      /** per city-room emit: last − first receipt among this process's city sockets (server writes + client queueing) */
      citySpread: [number, number][];
      /** event-loop delay beyond the 10 ms sampling interval, from ready to collect, ms */
      loopDelay: { p50: number; p99: number; max: number };
    };

export const HIST_MAX_MS = 60_000;

interface Received {
  id?: unknown;
  sourceId?: unknown;
  updatedAt?: unknown;
}

function sparse(h: Uint32Array): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < h.length; i++) if (h[i]) out.push([i, h[i]!]);
  return out;
}

function bucket(ms: number): number {
  return Math.min(HIST_MAX_MS, Math.max(0, Math.round(ms)));
}

function send(msg: FromClient): Promise<void> {
  return new Promise((resolve) => process.send!(msg, undefined, undefined, () => resolve()));
}

const hist = new Uint32Array(HIST_MAX_MS + 1);
const sendToCommit = new Uint32Array(HIST_MAX_MS + 1);
const commitToReceipt = new Uint32Array(HIST_MAX_MS + 1);
let hasSplit = false;
// Every event of one commit carries the same updatedAt, and every socket here gets the same
// batches: parse each distinct string once.
let lastUpdatedAt = '';
let lastCommitted = 0;
/** city-room emits by their first event id: first and last receipt here, and on how many sockets */
const cityEmits = new Map<string, { first: number; last: number; n: number }>();
const sockets: { spec: ScreenSpec; socket: Socket; received: number; disconnected: boolean }[] = [];
const LOOP_RESOLUTION_MS = 10;
const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
/** the histogram's values include its own sampling interval: report only the delay beyond it */
const lag = (ns: number) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS);

function attach(url: string, spec: ScreenSpec): Promise<void> {
  const socket = io(`${url}/screen`, { auth: spec.auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 30_000 });
  const entry = { spec, socket, received: 0, disconnected: false };
  sockets.push(entry);
  const isCity = spec.scope.length === 4;
  socket.on('events', (batch: Received[]) => {
    const now = Date.now();
    const head = batch[0]?.sourceId ?? batch[0]?.id;
    if (isCity && typeof head === 'string' && head.startsWith('f-')) {
      const seen = cityEmits.get(head);
      if (seen) {
        seen.last = now;
        seen.n++;
      } else cityEmits.set(head, { first: now, last: now, n: 1 });
    }
    for (const e of batch) {
      const sid = typeof e.sourceId === 'string' ? e.sourceId : typeof e.id === 'string' ? e.id : '';
      if (!sid.startsWith('f-')) continue; // warm-up or foreign events
      entry.received++;
      const sent = Number(sid.slice(2, sid.indexOf('-', 2)));
      hist[bucket(now - sent)]!++;
      if (typeof e.updatedAt === 'string') {
        if (e.updatedAt !== lastUpdatedAt) {
          lastUpdatedAt = e.updatedAt;
          lastCommitted = Date.parse(e.updatedAt);
          hasSplit = true;
        }
        const committed = lastCommitted;
        sendToCommit[bucket(committed - sent)]!++;
        commitToReceipt[bucket(now - committed)]!++;
      }
    }
  });
  socket.on('disconnect', () => (entry.disconnected = true));
  return new Promise<void>((resolve, reject) => {
    socket.once('hello', () => resolve());
    socket.once('connect_error', (err) => reject(new Error(`screen ${spec.scope}: ${err.message}`)));
  });
}

async function connectAll(url: string, screens: ScreenSpec[]): Promise<void> {
  const t0 = performance.now();
  const CHUNK = 25;
  for (let i = 0; i < screens.length; i += CHUNK) {
    await Promise.all(screens.slice(i, i + CHUNK).map((spec) => attach(url, spec)));
  }
  loop.reset();
  loop.enable();
  await send({ type: 'ready', connected: sockets.length, ms: Math.round(performance.now() - t0) });
}

function spreads(): [number, number][] {
  const cities = sockets.filter((s) => s.spec.scope.length === 4).length;
  const h = new Uint32Array(HIST_MAX_MS + 1);
  for (const e of cityEmits.values()) if (e.n === cities) h[bucket(e.last - e.first)]!++;
  return sparse(h);
}

async function collect(): Promise<void> {
  loop.disable();
  const screens = sockets.map((s) => ({ scope: s.spec.scope, received: s.received, disconnected: s.disconnected }));
  for (const s of sockets) s.socket.close();
  await send({
    type: 'result',
    screens,
    hist: sparse(hist),
    citySpread: spreads(),
    split: hasSplit ? { sendToCommit: sparse(sendToCommit), commitToReceipt: sparse(commitToReceipt) } : null,
    loopDelay: { p50: lag(loop.percentile(50)), p99: lag(loop.percentile(99)), max: lag(loop.max) },
  });
  process.exit(0);
}

process.on('message', (msg: ToClient) => {
  const run = msg.type === 'connect' ? connectAll(msg.url, msg.screens) : collect();
  run.catch(async (err: Error) => {
    await send({ type: 'error', message: err.message });
    process.exit(1);
  });
});
// Never outlive the benchmark: the parent going away closes the IPC channel.
process.on('disconnect', () => process.exit(0));
setTimeout(() => process.exit(3), 5 * 60_000).unref();
