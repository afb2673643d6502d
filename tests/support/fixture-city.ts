import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A small city for tests: two real Shenzhen districts (罗湖 440303, 福田 440304) drawn as
 * boxes near their real places, two real streets each, two grids per street. Real codes and
 * names; simplified outlines, so results are easy to check by hand.
 */
export const FIXTURE = {
  city: '4403',
  districts: {
    '440303': { name: '罗湖区', box: [114.1, 22.53, 114.16, 22.6] },
    '440304': { name: '福田区', box: [114.0, 22.5, 114.1, 22.58] },
  },
  streets: {
    '440303001': '桂园街道',
    '440303002': '黄贝街道',
    '440304001': '南园街道',
    '440304002': '园岭街道',
  } as Record<string, string>,
} as const;

type Box = readonly [number, number, number, number];
const ring = ([w, s, e, n]: Box) => [[[w, s], [e, s], [e, n], [w, n], [w, s]]];
const feature = (code: string, name: string, level: string, parent: string, box: Box) => ({
  type: 'Feature',
  properties: { code, name, level, parent },
  geometry: { type: 'Polygon', coordinates: ring(box) },
});

/** Each district split west/east into its two streets; each street split south/north into two grids. */
export function fixtureBoxes() {
  const streets: [string, Box][] = [];
  const grids: [string, Box][] = [];
  for (const [code, d] of Object.entries(FIXTURE.districts)) {
    const [w, s, e, n] = d.box;
    const mid = (w + e) / 2;
    const halves: Box[] = [
      [w, s, mid, n],
      [mid, s, e, n],
    ];
    halves.forEach((b, i) => {
      const street = `${code}00${i + 1}`;
      streets.push([street, b]);
      const my = (b[1] + b[3]) / 2;
      grids.push([`${street}001` + '01', [b[0], b[1], b[2], my]]);
      grids.push([`${street}001` + '02', [b[0], my, b[2], b[3]]]);
    });
  }
  return { streets, grids };
}

/** Writes the fixture city as a dataset folder and returns its path. */
export function writeFixtureCity(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-city-'))): string {
  const { streets, grids } = fixtureBoxes();
  fs.mkdirSync(path.join(dir, 'areas'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'city.json'), JSON.stringify({ code: '4403', name: '深圳市', center: [114.06, 22.54] }));
  const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
  fs.writeFileSync(
    path.join(dir, 'areas', 'districts.geojson'),
    fc(Object.entries(FIXTURE.districts).map(([code, d]) => feature(code, d.name, 'district', '4403', d.box))),
  );
  fs.writeFileSync(path.join(dir, 'areas', 'streets.geojson'), fc(streets.map(([code, b]) => feature(code, FIXTURE.streets[code]!, 'street', code.slice(0, 6), b))));
  fs.writeFileSync(
    path.join(dir, 'areas', 'communities.geojson'),
    fc(streets.map(([code, b]) => feature(`${code}001`, `${FIXTURE.streets[code]}第一社区`, 'community', code, b))),
  );
  fs.writeFileSync(
    path.join(dir, 'areas', 'grids.geojson'),
    fc(grids.map(([code, b]) => feature(code, `网格${code.slice(-2)}`, 'grid', code.slice(0, 12), b))),
  );
  // Event classes with the published limits: exposed garbage (0102) 1 working day, dirty road (0104) 5 working hours.
  const limits = (code: string) =>
    code === '0104'
      ? { normal: { hours: 5, unit: 'working_hours' }, urgent: { hours: 2, unit: 'working_hours' } }
      : { normal: { hours: 1, unit: 'working_days' }, urgent: { hours: 4, unit: 'working_hours' } };
  const categories = ['0101', '0102', '0103', '0104', '0201', '0301', '0401', '0501'].map((code) => ({
    id: `E${code}`,
    code,
    kind: 'event',
    major: code.slice(0, 2),
    majorName: '市容环境',
    name: `类${code}`,
    nameEn: `class ${code}`,
    department: code === '0104' ? 'HW' : 'CG',
    limits: limits(code),
    dispatchMinutes: { normal: 30, urgent: 10 },
    filing: '发现即立案',
    closing: '处置完毕',
  }));
  // a component class shares codes with events but is not an event class
  categories.push({ ...categories[0]!, id: 'C0999', code: '0999', kind: 'component', name: '部件' });
  fs.writeFileSync(path.join(dir, 'categories.json'), JSON.stringify(categories));
  fs.writeFileSync(
    path.join(dir, 'workers.json'),
    JSON.stringify([
      { id: 'w-near', name: '张网格', gridCode: '44030300100101', phone: '100-0000-0001', onDuty: true, home: [114.111, 22.551] },
      { id: 'w-far', name: '李网格', gridCode: '44030300100102', phone: '100-0000-0002', onDuty: true, home: [114.12, 22.58] },
      { id: 'w-off', name: '王网格', gridCode: '44030300100101', phone: '100-0000-0003', onDuty: false, home: [114.11, 22.55] },
    ]),
  );
  fs.writeFileSync(
    path.join(dir, 'departments.json'),
    JSON.stringify([
      { code: 'CG', name: '城管', nameEn: 'City management', categories: ['0101', '0102', '0103'], components: [] },
      { code: 'HW', name: '环卫', nameEn: 'Sanitation', categories: ['0104'], components: [] },
    ]),
  );
  return dir;
}
