// The gateway notices cameras whose stream stops answering: it fetches each checked camera's
// playlist on a timer and, after a few misses in a row, marks it offline (or fault, when what
// answers is not a playlist); when it answers again the mark is lifted. The changes go through
// the writer like any other, so screens get them as `cameras` messages.
import type { CameraStatus, CameraView } from '../../protocol/feeds.js';
import { probeTargets, writeStatusChanges, type ProbeTarget, type StatusChange } from '../db/camera-status.js';
import type { Database } from '../db/database.js';
import type { Writer } from '../db/writer.js';
import type { Logger } from '../log.js';

export interface StreamCheckOptions {
  db: Database;
  writer: Writer;
  /** time between the end of one round and the start of the next; 0: only on demand */
  everyMs: number;
  /** the gateway's own address, for the demo's relative /video/ URLs */
  baseUrl: () => string;
  log: Logger;
  /** misses in a row before a camera is marked (default 2) */
  misses?: number;
  /** per fetch (default 5 s) */
  timeoutMs?: number;
  /** fetches at once (default 8) */
  concurrency?: number;
}

export interface StreamCheck {
  /** One round over every checked camera; resolves with the views it changed. */
  run(): Promise<CameraView[]>;
  stop(): Promise<void>;
}

/** What a fetch of a camera's playlist found. */
export async function checkStream(url: string, timeoutMs: number): Promise<CameraStatus> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/vnd.apple.mpegurl, */*' } });
    if (!res.ok) {
      await res.body?.cancel();
      return 'offline';
    }
    const text = await res.text();
    return text.startsWith('#EXTM3U') ? 'online' : 'fault';
  } catch {
    return 'offline';
  }
}

export function startStreamCheck(o: StreamCheckOptions): StreamCheck {
  const needed = o.misses ?? 2;
  const timeoutMs = o.timeoutMs ?? 5000;
  const missed = new Map<string, { n: number; found: CameraStatus }>();
  let running: Promise<CameraView[]> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  function decide(t: ProbeTarget, found: CameraStatus): StatusChange | null {
    const key = `${t.source}\u0000${t.id}`;
    if (found === 'online') {
      missed.delete(key);
      return t.statusBy === 'probe' ? { source: t.source, id: t.id, status: 'online', statusBy: 'source' } : null;
    }
    const prev = missed.get(key);
    const n = prev && prev.found === found ? prev.n + 1 : 1;
    missed.set(key, { n, found });
    if (n < needed || (t.statusBy === 'probe' && t.status === found)) return null;
    return { source: t.source, id: t.id, status: found, statusBy: 'probe' };
  }

  async function round(): Promise<CameraView[]> {
    const targets = await probeTargets(o.db);
    const live = new Set(targets.map((t) => `${t.source}\u0000${t.id}`));
    for (const key of missed.keys()) if (!live.has(key)) missed.delete(key);
    const changes: StatusChange[] = [];
    let next = 0;
    const worker = async () => {
      while (next < targets.length && !stopped) {
        const t = targets[next++]!;
        const found = await checkStream(new URL(t.hlsUrl, o.baseUrl()).href, timeoutMs);
        const change = decide(t, found);
        if (change) changes.push(change);
      }
    };
    await Promise.all(Array.from({ length: Math.min(o.concurrency ?? 8, targets.length) }, worker));
    if (!changes.length || stopped) return [];
    const views = await o.writer.apply(async (ctx) => {
      const v = await writeStatusChanges(ctx, changes);
      return { result: v, changes: { cameras: v } };
    });
    if (views.length) o.log.info({ changed: views.map((v) => `${v.id}:${v.status}`) }, 'camera status from the stream check');
    return views;
  }

  function run(): Promise<CameraView[]> {
    running ??= round().finally(() => {
      running = null;
    });
    return running;
  }

  function schedule(): void {
    if (stopped || o.everyMs <= 0) return;
    timer = setTimeout(() => {
      run()
        .catch((err: unknown) => o.log.warn({ err }, 'camera stream check failed'))
        .finally(schedule);
    }, o.everyMs);
    timer.unref();
  }
  schedule();

  return {
    run,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
