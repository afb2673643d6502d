import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { EventView, IngestEvent } from '../../gateway/protocol/events.js';
import type { ScreenAuth, ScreenClientToServer, ScreenHello, ScreenServerToClient } from '../../gateway/protocol/socket.js';
import { socketErrorBody } from '../../gateway/protocol/errors.js';
import { configFromEnv, type GatewayConfig } from '../../gateway/src/config.js';
import { createLogger } from '../../gateway/src/log.js';
import { startGateway, type Gateway, type GatewayOptions } from '../../gateway/src/server.js';
import { writeFixtureCity } from './fixture-city.js';

export function tempDir(prefix = 'gc-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function testConfig(over: Partial<GatewayConfig> = {}): GatewayConfig {
  const dataDir = over.dataDir ?? tempDir();
  return {
    ...configFromEnv({}),
    port: 0,
    host: '127.0.0.1',
    dataDir,
    dbFile: path.join(dataDir, 'gridcommand.duckdb'),
    datasetDir: writeFixtureCity(),
    sim: false,
    tickMs: 20,
    summaryMs: 200,
    cameraCheckMs: 0,
    screenDir: path.join(dataDir, 'no-screen'),
    logLevel: 'silent',
    // small key filters: tests start many gateways
    idempotencyFilterMb: 2,
    // every REST answer is checked against its schema in the protocol
    validateResponses: true,
    // no broker unless a test asks for one (0: any free port)
    mqttPort: null,
    simDevices: 0,
    ...over,
  };
}

export async function startTestGateway(over: Partial<GatewayConfig> = {}, options: GatewayOptions = {}): Promise<Gateway> {
  const config = testConfig(over);
  return startGateway(config, createLogger(config.logLevel), options);
}

let counter = 0;
/** An event at a point, with a fresh source id unless one is given. */
export function anEvent(lon: number, lat: number, over: Partial<IngestEvent> = {}): IngestEvent {
  return {
    id: `t-${process.pid}-${++counter}`,
    occurredAt: '2026-11-28T09:30:00+08:00',
    lon,
    lat,
    category: '0102',
    urgency: 'normal',
    title: '暴露垃圾',
    reporter: { kind: 'worker', id: 'w-1' },
    ...over,
  };
}

export async function postJson(url: string, body: unknown, key?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function login(baseUrl: string, username: string): Promise<string> {
  const r = await postJson(`${baseUrl}/api/auth/login`, { username, password: 'gridcommand-demo' });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
  return r.body.token as string;
}

export type ScreenClient = Socket<ScreenServerToClient, ScreenClientToServer>;

/** A change a screen received, with the message (stream) it came in. */
export interface Received {
  message: string;
  view: { seq: number } & Record<string, unknown>;
}

const STREAM_MESSAGES = new Set(['events', 'positions', 'cameras', 'feedStats', 'alerts']);

/**
 * A screen socket that records every event view it receives, in order (`received`), and every
 * change of any stream (`changes`, including streams a test declares, by their message name).
 */
export function screenClient(baseUrl: string, auth: ScreenAuth, streams: readonly string[] = []) {
  const received: EventView[] = [];
  const changes: Received[] = [];
  const recorded = new Set([...STREAM_MESSAGES, ...streams]);
  let hello: ScreenHello | null = null;
  let replayed = false;
  const socket: ScreenClient = io(`${baseUrl}/screen`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  socket.on('events', (batch) => received.push(...batch));
  socket.onAny((message: string, batch: unknown) => {
    if (recorded.has(message) && Array.isArray(batch)) for (const view of batch) changes.push({ message, view: view as Received['view'] });
  });
  socket.on('hello', (h) => (hello = h));
  socket.on('replayed', () => (replayed = true));
  const ready = new Promise<void>((resolve, reject) => {
    socket.once('hello', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    socket,
    received,
    changes,
    ready,
    get hello() {
      return hello;
    },
    get replayed() {
      return replayed;
    },
    close: () => socket.close(),
  };
}

/** The error code a refused socket connection carries (`connect_error` data), or null when it connected. */
export async function refusalCode(ready: Promise<unknown>): Promise<string | null> {
  try {
    await ready;
    return null;
  } catch (err) {
    const body = socketErrorBody(err);
    if (!body) throw new Error(`a refusal without an error body: ${String(err)}`);
    return body.code;
  }
}

export async function waitFor(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export type { Gateway };
