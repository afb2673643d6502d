// Which cameras a wall pages through: near the picked event, else in the selected area, else the
// whole scope; cameras the index says are online first.
import type { CameraView } from '../../net/protocol.js';

export interface Near {
  lon: number;
  lat: number;
}

/** Squared distance in metres on a local plane: enough to order cameras around a point. */
function dist2(a: Near, b: Near): number {
  const kx = 111_320 * Math.cos((a.lat * Math.PI) / 180);
  return ((a.lon - b.lon) * kx) ** 2 + ((a.lat - b.lat) * 110_540) ** 2;
}

const rank = (c: CameraView) => (c.status === 'online' ? 0 : 1);

export function wallCameras(all: readonly CameraView[], o: { area: string | null; near: Near | null }): CameraView[] {
  const inArea = o.area ? all.filter((c) => c.areaCode.startsWith(o.area!)) : [...all];
  if (o.near) {
    const p = o.near;
    return inArea.sort((a, b) => rank(a) - rank(b) || dist2(a, p) - dist2(b, p));
  }
  return inArea.sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
}

export const TILE_COUNTS = [1, 4, 9, 16] as const;
export type TileCount = (typeof TILE_COUNTS)[number];

/** The cameras of page `page` (wrapping) of a wall of `tiles`. */
export function pageOf<T>(list: readonly T[], tiles: number, page: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(list.length / tiles));
  const p = ((page % pages) + pages) % pages;
  return { items: list.slice(p * tiles, p * tiles + tiles), page: p, pages };
}
