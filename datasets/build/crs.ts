/** Datum conversion to WGS84 with gcoord (GCJ-02 = AMap/Tencent/echarts maps, BD-09 = Baidu). */
import gcoordModule from 'gcoord';
import type { Pos } from './geo.js';

// gcoord's typings describe an ES default export; at runtime Node's CJS interop hands us the object itself.
type Gcoord = typeof gcoordModule.default;
const gcoord = gcoordModule as unknown as Gcoord;

export type Crs = 'wgs84' | 'gcj02' | 'bd09';

export function toWgs84(p: Pos, from: Crs): Pos {
  if (from === 'wgs84') return [p[0], p[1]];
  const r = gcoord.transform([p[0], p[1]], from === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09, gcoord.WGS84);
  return [r[0], r[1]];
}
