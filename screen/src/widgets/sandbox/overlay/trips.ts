// Grid workers' stored positions (GET /api/positions, ordered by time) as TripsLayer paths:
// one path per worker, timestamps in seconds from the start of the period.
import type { PositionView } from '../../../net/protocol.js';

export interface Trip {
  workerId: string;
  path: [number, number][];
  /** seconds since the period's start, one per vertex */
  timestamps: number[];
}

export function tripsOf(positions: readonly PositionView[], fromMs: number): Trip[] {
  const by = new Map<string, Trip>();
  for (const p of positions) {
    let t = by.get(p.workerId);
    if (!t) by.set(p.workerId, (t = { workerId: p.workerId, path: [], timestamps: [] }));
    t.path.push([p.lon, p.lat]);
    t.timestamps.push((Date.parse(p.ts) - fromMs) / 1000);
  }
  // a single fix draws nothing as a path
  return [...by.values()].filter((t) => t.path.length > 1);
}

/** Where a trip's head is at `seconds` (linear between fixes), or null outside its time. */
export function headAt(t: Trip, seconds: number): [number, number] | null {
  const ts = t.timestamps;
  if (ts.length === 0 || seconds < ts[0]!) return null;
  for (let i = 1; i < ts.length; i++) {
    if (seconds <= ts[i]!) {
      const f = (seconds - ts[i - 1]!) / (ts[i]! - ts[i - 1]! || 1);
      const a = t.path[i - 1]!;
      const b = t.path[i]!;
      return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
    }
  }
  return t.path[t.path.length - 1]!;
}
