import { describe, expect, it } from 'vitest';
import area from '@turf/area';
import polygonClipping from 'polygon-clipping';
import { loadCity, type AreaFeature, type AreaLevel } from './load.js';

const city = loadCity();
const LEVELS: AreaLevel[] = ['district', 'street', 'community', 'grid'];
const CODE_LENGTH: Record<AreaLevel, number> = { district: 6, street: 9, community: 12, grid: 14 };

const polys = (f: AreaFeature): polygonClipping.MultiPolygon =>
  (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as polygonClipping.MultiPolygon;
const mpArea = (m: polygonClipping.MultiPolygon): number => area({ type: 'MultiPolygon', coordinates: m });

describe('codes and names', () => {
  it('has the 9 official districts and 79 official streets, ~2,000 grids', () => {
    expect(city.districts.map((d) => d.properties.code)).toEqual(['440303', '440304', '440305', '440306', '440307', '440308', '440309', '440310', '440311']);
    expect(city.districts.find((d) => d.properties.code === '440311')?.properties.name).toBe('光明区');
    expect(city.streets).toHaveLength(79);
    expect(city.grids.length).toBeGreaterThanOrEqual(1800);
    expect(city.grids.length).toBeLessThanOrEqual(2200);
  });

  it('codes are unique, of the right length, and extend their parent code', () => {
    const all = new Set<string>();
    for (const level of LEVELS) {
      const parents = new Set(level === 'district' ? ['4403'] : city.areas(LEVELS[LEVELS.indexOf(level) - 1] as AreaLevel).map((f) => f.properties.code));
      for (const f of city.areas(level)) {
        const p = f.properties;
        expect(p.level).toBe(level);
        expect(p.code).toMatch(/^\d+$/);
        expect(p.code).toHaveLength(CODE_LENGTH[level]);
        expect(p.code.startsWith(p.parent), `${p.code} starts with ${p.parent}`).toBe(true);
        expect(parents.has(p.parent), `${p.code}: parent ${p.parent} exists`).toBe(true);
        expect(p.name.length).toBeGreaterThan(1);
        expect(all.has(p.code), `duplicate ${p.code}`).toBe(false);
        all.add(p.code);
      }
    }
    const communityNames = city.communities.map((c) => c.properties.name);
    expect(new Set(communityNames).size).toBe(communityNames.length);
  });

  it('every area geometry is a closed Polygon/MultiPolygon with coordinates of at most 6 decimals', () => {
    for (const level of LEVELS) for (const f of city.areas(level)) {
      expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
      for (const poly of polys(f)) for (const ring of poly) {
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring[0]).toEqual(ring[ring.length - 1]);
        for (const [x, y] of ring) {
          expect(Math.round(x * 1e6) / 1e6).toBe(x);
          expect(Math.round(y * 1e6) / 1e6).toBe(y);
        }
      }
    }
  });
});

describe('districts', () => {
  it('do not overlap each other and leave no holes between them', () => {
    const ps = city.districts.map(polys);
    const sum = ps.reduce((a, p) => a + mpArea(p), 0);
    const [first, ...rest] = ps as [polygonClipping.MultiPolygon, ...polygonClipping.MultiPolygon[]];
    const uni = polygonClipping.union(first, ...rest);
    expect(Math.abs(mpArea(uni) - sum) / sum).toBeLessThan(1e-4);
    expect(uni.reduce((a, p) => a + p.length - 1, 0)).toBe(0);
    expect(sum / 1e6).toBeGreaterThan(1900); // Shenzhen: ~1,997 km² of land
    expect(sum / 1e6).toBeLessThan(2300);
  });
});

describe('tiling: children cover their parent exactly (no gaps, no overlaps)', () => {
  for (const [parentLevel, childLevel] of [['district', 'street'], ['street', 'community'], ['community', 'grid']] as const) {
    it(`${childLevel}s tile each ${parentLevel} within 0.5%`, () => {
      const byParent = new Map<string, AreaFeature[]>();
      for (const c of city.areas(childLevel)) {
        const list = byParent.get(c.properties.parent) ?? [];
        list.push(c);
        byParent.set(c.properties.parent, list);
      }
      let worst = 0;
      for (const p of city.areas(parentLevel)) {
        const kids = byParent.get(p.properties.code) ?? [];
        expect(kids.length, `${p.properties.code} has children`).toBeGreaterThan(0);
        const parentArea = mpArea(polys(p));
        const sum = kids.reduce((a, k) => a + mpArea(polys(k)), 0);
        const [first, ...rest] = kids.map(polys) as [polygonClipping.MultiPolygon, ...polygonClipping.MultiPolygon[]];
        const uni = polygonClipping.union(first, ...rest);
        const unionArea = mpArea(uni);
        const covered = mpArea(polygonClipping.intersection(uni, polys(p)));
        const rel = (a: number, b: number): number => Math.abs(a - b) / b;
        const e = Math.max(rel(sum, parentArea), rel(unionArea, sum), rel(covered, parentArea), rel(unionArea, parentArea));
        worst = Math.max(worst, e);
        // sum ≈ parent: areas add up; union ≈ sum: no overlaps; union ∩ parent ≈ parent: no gaps; union ≈ parent: nothing outside
        expect(e, `${p.properties.code}: sum ${sum.toFixed(0)} union ${unionArea.toFixed(0)} covered ${covered.toFixed(0)} parent ${parentArea.toFixed(0)}`).toBeLessThan(0.005);
      }
      console.log(`${childLevel} in ${parentLevel}: worst relative error ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(0.005);
    });
  }
});
