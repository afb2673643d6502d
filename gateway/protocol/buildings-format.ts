/**
 * buildings.bin (and GET /api/buildings): building footprints in a columnar little-endian binary (no dependencies; works
 * in Node and in the browser on an ArrayBuffer).
 *
 *   offset  size      field
 *   0       8         magic "GCBUILD1" (ASCII)
 *   8       u32       version = 1
 *   12      u32       N   number of buildings
 *   16      u32       V   total number of vertices
 *   20      u32       G   number of grid codes in the grid table
 *   24      u32       grid code length in bytes (14, or 15 for 3-digit grid numbers)
 *   28      u32       header size in bytes (32)
 *   32      i32[2V]   vertices, lon and lat interleaved, in millionths of a degree (WGS84)
 *   ..      u16[N]    height of each building in decimetres
 *   ..      u16[N]    index of each building's grid in the grid table
 *   ..      u8[N]     number of vertices of each building (4–8; rings are open: the first vertex is not repeated)
 *   ..      pad to a multiple of 4 with zero bytes
 *   ..      G × len   grid table: ASCII grid codes, sorted
 *
 * Buildings are sorted by grid (then by position), so a grid's buildings are one contiguous run.
 */
export const BUILDINGS_MAGIC = 'GCBUILD1';
export const BUILDINGS_VERSION = 1;
const HEADER = 32;

export interface Buildings {
  count: number;
  /** lon/lat in millionths of a degree, interleaved; building i uses vertices [start[i], start[i] + vertexCount[i]). */
  coords: Int32Array;
  start: Uint32Array;
  vertexCount: Uint8Array;
  heightDm: Uint16Array;
  gridIndex: Uint16Array;
  gridCodes: string[];
  /** [first, end) building indices of a grid, or null when it has none. */
  rangeOfGrid(gridCode: string): [number, number] | null;
  /** height in metres */
  height(i: number): number;
  /** footprint ring as [lon, lat] pairs (open ring) */
  footprint(i: number): [number, number][];
  gridCode(i: number): string;
}

export interface BuildingInput { ring: [number, number][]; height: number; gridCode: string }

function pad4(n: number): number { return (n + 3) & ~3; }

export function encodeBuildings(items: BuildingInput[]): Uint8Array {
  const gridCodes = [...new Set(items.map((b) => b.gridCode))].sort();
  // every grid code of a city has one length (14, or 15 where grids are numbered with 3 digits)
  const codeLen = gridCodes[0]?.length ?? 14;
  const gidx = new Map(gridCodes.map((c, i) => [c, i]));
  if (gridCodes.length > 65535) throw new Error('too many grids for u16 grid index');
  const sorted = [...items].sort((a, b) => (gidx.get(a.gridCode) ?? 0) - (gidx.get(b.gridCode) ?? 0));
  const N = sorted.length;
  const V = sorted.reduce((s, b) => s + b.ring.length, 0);
  const offCoords = HEADER;
  const offHeights = offCoords + 8 * V;
  const offGrid = offHeights + 2 * N;
  const offCounts = offGrid + 2 * N;
  const offCodes = pad4(offCounts + N);
  const size = offCodes + codeLen * gridCodes.length;
  const buf = new ArrayBuffer(size);
  const dv = new DataView(buf);
  const bytes = new Uint8Array(buf);
  for (let i = 0; i < 8; i++) bytes[i] = BUILDINGS_MAGIC.charCodeAt(i);
  dv.setUint32(8, BUILDINGS_VERSION, true);
  dv.setUint32(12, N, true);
  dv.setUint32(16, V, true);
  dv.setUint32(20, gridCodes.length, true);
  dv.setUint32(24, codeLen, true);
  dv.setUint32(28, HEADER, true);
  let v = 0;
  sorted.forEach((b, i) => {
    if (b.ring.length < 3 || b.ring.length > 255) throw new Error(`building ${i}: ${b.ring.length} vertices`);
    for (const p of b.ring) {
      dv.setInt32(offCoords + 8 * v, Math.round(p[0] * 1e6), true);
      dv.setInt32(offCoords + 8 * v + 4, Math.round(p[1] * 1e6), true);
      v++;
    }
    dv.setUint16(offHeights + 2 * i, Math.min(65535, Math.round(b.height * 10)), true);
    dv.setUint16(offGrid + 2 * i, gidx.get(b.gridCode) ?? 0, true);
    dv.setUint8(offCounts + i, b.ring.length);
  });
  gridCodes.forEach((c, i) => {
    if (c.length !== codeLen) throw new Error(`grid code ${c} is not ${codeLen} characters like ${gridCodes[0]}`);
    for (let k = 0; k < codeLen; k++) bytes[offCodes + codeLen * i + k] = c.charCodeAt(k);
  });
  return bytes;
}

export function decodeBuildings(input: ArrayBuffer | Uint8Array): Buildings {
  let bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.byteOffset % 4 !== 0) bytes = bytes.slice(); // typed views need 4-byte alignment
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (magic !== BUILDINGS_MAGIC) throw new Error(`buildings: bad magic ${JSON.stringify(magic)}`);
  const version = dv.getUint32(8, true);
  if (version !== BUILDINGS_VERSION) throw new Error(`buildings: unsupported version ${version}`);
  const N = dv.getUint32(12, true), V = dv.getUint32(16, true), G = dv.getUint32(20, true);
  const codeLen = dv.getUint32(24, true), header = dv.getUint32(28, true);
  const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const offHeights = header + 8 * V, offGrid = offHeights + 2 * N, offCounts = offGrid + 2 * N, offCodes = pad4(offCounts + N);
  if (offCodes + codeLen * G !== bytes.byteLength) throw new Error('buildings: size does not match header');
  const view = <T>(Ctor: new (b: ArrayBufferLike, o: number, l: number) => T, off: number, len: number, el: number): T => {
    if (le && (bytes.byteOffset + off) % el === 0) return new Ctor(bytes.buffer, bytes.byteOffset + off, len);
    return new Ctor(bytes.slice(off, off + len * el).buffer, 0, len); // big-endian hosts: not supported beyond this copy
  };
  const coords = view(Int32Array, header, 2 * V, 4);
  const heightDm = view(Uint16Array, offHeights, N, 2);
  const gridIndex = view(Uint16Array, offGrid, N, 2);
  const vertexCount = bytes.slice(offCounts, offCounts + N);
  const start = new Uint32Array(N);
  let acc = 0;
  for (let i = 0; i < N; i++) { start[i] = acc; acc += vertexCount[i] ?? 0; }
  const gridCodes: string[] = [];
  for (let g = 0; g < G; g++) gridCodes.push(String.fromCharCode(...bytes.subarray(offCodes + codeLen * g, offCodes + codeLen * (g + 1))));
  const ranges = new Map<string, [number, number]>();
  for (let i = 0; i < N; i++) {
    const c = gridCodes[gridIndex[i] ?? 0] ?? '';
    const r = ranges.get(c);
    if (r) r[1] = i + 1; else ranges.set(c, [i, i + 1]);
  }
  return {
    count: N, coords, start, vertexCount, heightDm, gridIndex, gridCodes,
    rangeOfGrid: (code) => ranges.get(code) ?? null,
    height: (i) => (heightDm[i] ?? 0) / 10,
    gridCode: (i) => gridCodes[gridIndex[i] ?? 0] ?? '',
    footprint: (i) => {
      const s = start[i] ?? 0, n = vertexCount[i] ?? 0;
      const out: [number, number][] = [];
      for (let k = 0; k < n; k++) out.push([(coords[2 * (s + k)] ?? 0) / 1e6, (coords[2 * (s + k) + 1] ?? 0) / 1e6]);
      return out;
    },
  };
}
