import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../sim/random.js';
import { AreaIndex, EDGE_TOLERANCE } from './areas.js';
import { distanceSqToPolygons, pointInPolygon, pointInPolygons } from './point-in-polygon.js';

const CITY = path.resolve(import.meta.dirname, '../../../datasets/shenzhen');

describe('pointInPolygon', () => {
  const square = [
    [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ],
    [
      [4, 4],
      [6, 4],
      [6, 6],
      [4, 6],
      [4, 4],
    ],
  ];
  it('is inside the outer ring and outside its hole', () => {
    expect(pointInPolygon(1, 1, square)).toBe(true);
    expect(pointInPolygon(5, 5, square)).toBe(false);
    expect(pointInPolygon(11, 5, square)).toBe(false);
    expect(pointInPolygon(5, -0.1, square)).toBe(false);
  });
});

describe('placement over the demo city', () => {
  const areas = AreaIndex.load(CITY);
  const grids = areas.byLevel.get('grid')!;

  it('agrees with a brute-force scan of every grid for 10,000 random points', () => {
    const rand = seededRandom(20261128);
    const [w, s, e, n] = [113.74, 22.39, 114.63, 22.87];
    let inside = 0;
    for (let i = 0; i < 10_000; i++) {
      const lon = w + rand() * (e - w);
      const lat = s + rand() * (n - s);
      const brute = grids.filter((g) => pointInPolygons(lon, lat, g.polygons)).map((g) => g.code);
      expect(brute.length).toBeLessThanOrEqual(1); // grids do not overlap
      const placed = areas.place(lon, lat);
      if (brute.length === 0 && placed) {
        // on an edge or in a rounding hairline: placed in a grid within the tolerance
        expect(distanceSqToPolygons(lon, lat, areas.byCode.get(placed.gridCode!)!.polygons)).toBeLessThanOrEqual(EDGE_TOLERANCE ** 2);
      } else {
        expect(placed?.gridCode ?? null).toBe(brute[0] ?? null);
      }
      if (placed) {
        inside++;
        expect(placed.streetCode).toBe(placed.gridCode!.slice(0, 9));
        expect(placed.districtCode).toBe(placed.gridCode!.slice(0, 6));
        const district = areas.byCode.get(placed.districtCode)!;
        expect(pointInPolygons(lon, lat, district.polygons)).toBe(true);
      }
    }
    // Shenzhen covers roughly a third of its bounding box; most of the rest is sea and Hong Kong.
    expect(inside).toBeGreaterThan(2_000);
  });

  it('places a point on a hairline between neighbouring grids in one of them', () => {
    // rounded to 6 decimals, this point falls in no grid of 福田 440304008 (between two communities)
    expect(areas.place(114.048892, 22.540916)?.streetCode).toBe('440304008');
    expect(areas.place(114.3, 22.3)).toBeNull(); // the sea
  });

  it('knows the codes of every level and the names of the real streets', () => {
    expect(areas.nameOf('440303')).toBe('罗湖区');
    expect(areas.nameOf('440303001')).toBe('桂园街道');
    expect(areas.has('4403')).toBe(true);
    expect(areas.placementOf('440399')).toBeNull();
    expect(areas.placementOf(grids[0]!.code)?.gridCode).toBe(grids[0]!.code);
  });
});
