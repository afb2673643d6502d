// Distances on the ground for the dispatch panel (the nearest cameras to a case).
const R = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

export function distanceM(aLon: number, aLat: number, bLon: number, bLat: number): number {
  const dLat = rad(bLat - aLat);
  const dLon = rad(bLon - aLon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(aLat)) * Math.cos(rad(bLat)) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function nearest<T extends { lon: number; lat: number }>(items: readonly T[], lon: number, lat: number, n: number): (T & { distanceM: number })[] {
  return items
    .map((x) => ({ ...x, distanceM: Math.round(distanceM(lon, lat, x.lon, x.lat)) }))
    .sort((a, b) => a.distanceM - b.distanceM)
    .slice(0, n);
}

/** SLA clock: time left as h:mm:ss, negative past the deadline. */
export function countdown(deadline: string | null, now: number): { text: string; overdue: boolean } | null {
  if (!deadline) return null;
  const left = Date.parse(deadline) - now;
  const s = Math.floor(Math.abs(left) / 1000);
  const text = `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  return { text, overdue: left < 0 };
}
