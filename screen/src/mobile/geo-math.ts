// Small geometry and time helpers of the phone app (pure, unit-tested).

export interface LonLat {
  lon: number;
  lat: number;
}

/** Great-circle distance in metres (haversine; exact enough within a city). */
export function distanceM(a: LonLat, b: LonLat): number {
  const R = 6_371_008.8;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Cases nearest to `here` first; without a position, the nearest deadline first. */
export function nearestFirst<T extends LonLat & { deadline: string | null }>(items: readonly T[], here: LonLat | null): (T & { distanceM: number | null })[] {
  const withD = items.map((it) => ({ ...it, distanceM: here ? Math.round(distanceM(here, it)) : null }));
  const due = (x: { deadline: string | null }) => (x.deadline ? Date.parse(x.deadline) : Infinity);
  return withD.sort((a, b) => (a.distanceM !== null && b.distanceM !== null ? a.distanceM - b.distanceM : due(a) - due(b)));
}

/** The time left until `deadline` as 剩余/超期 parts: { overdue, h, m }. */
export function countdown(deadline: string | null, nowMs: number): { overdue: boolean; hours: number; minutes: number } | null {
  if (!deadline) return null;
  const left = Date.parse(deadline) - nowMs;
  const abs = Math.abs(left);
  return { overdue: left < 0, hours: Math.floor(abs / 3_600_000), minutes: Math.floor((abs % 3_600_000) / 60_000) };
}

/** "1.2 km" / "350 m". */
export function formatDistance(m: number): string {
  return m >= 1000 ? `${(m / 1000).toFixed(1)} km` : `${Math.round(m)} m`;
}

/**
 * Whether a position is worth sending while on duty: the first one, then at most every
 * `minIntervalMs`, and sooner only after moving `minMoveM` (a phone standing still sends
 * one fix a minute instead of one a second).
 */
export function shouldSend(last: { at: number; pos: LonLat } | null, pos: LonLat, nowMs: number, minIntervalMs: number, minMoveM = 25): boolean {
  if (!last) return true;
  const waited = nowMs - last.at;
  if (waited >= Math.max(minIntervalMs * 4, 60_000)) return true;
  return waited >= minIntervalMs && distanceM(last.pos, pos) >= minMoveM;
}
