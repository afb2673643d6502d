// When a widget's data is stale, as pure rules: the gateway connection is down, its last load
// failed, or its topic has been silent for longer than SILENT_CADENCES of its expected cadence.
// The widget's panel shows the mark with the data's age and clears it when data flows again.
import type { ConnectionState } from '../net/screen-socket.js';

/** silent this many cadences (a poll's interval, a topic's heartbeat) and the data is stale */
export const SILENT_CADENCES = 3;

export interface FreshnessReading {
  /** when the data shown arrived (null: nothing yet) */
  lastAt: number | null;
  /** how often new data is expected; null: no cadence (alerts come when they happen) */
  cadenceMs: number | null;
  /** the last attempt to load it failed */
  failed?: boolean;
}

export type StaleReason = 'offline' | 'failed' | 'silent';

export type Staleness = { stale: false } | { stale: true; reason: StaleReason; /** age of the data shown, null when there is none */ ageMs: number | null };

export const FRESH: Staleness = Object.freeze({ stale: false });

export function staleness(r: FreshnessReading, connection: ConnectionState, now: number): Staleness {
  const ageMs = r.lastAt === null ? null : Math.max(0, now - r.lastAt);
  if (connection === 'stale') return { stale: true, reason: 'offline', ageMs };
  if (r.failed) return { stale: true, reason: 'failed', ageMs };
  if (ageMs !== null && r.cadenceMs !== null && ageMs > SILENT_CADENCES * r.cadenceMs) return { stale: true, reason: 'silent', ageMs };
  return FRESH;
}

/** A widget with several sources is as stale as its worst: the first reason, the oldest data. */
export function worst(list: readonly Staleness[]): Staleness {
  const order: StaleReason[] = ['offline', 'failed', 'silent'];
  let out: Staleness = FRESH;
  for (const s of list) {
    if (!s.stale) continue;
    if (!out.stale) {
      out = s;
      continue;
    }
    const reason = order.indexOf(s.reason) < order.indexOf(out.reason) ? s.reason : out.reason;
    const ageMs = out.ageMs === null || s.ageMs === null ? null : Math.max(out.ageMs, s.ageMs);
    out = { stale: true, reason, ageMs };
  }
  return out;
}

/** An age in the largest whole unit: 45 s → { n: 45, unit: 's' }, 150 s → 2 min, 2 h 5 min → 2 h. */
export function ageParts(ageMs: number): { n: number; unit: 's' | 'min' | 'h' } {
  const s = Math.floor(ageMs / 1000);
  if (s < 60) return { n: s, unit: 's' };
  if (s < 3600) return { n: Math.floor(s / 60), unit: 'min' };
  return { n: Math.floor(s / 3600), unit: 'h' };
}
