import { describe, expect, it } from 'vitest';
import { loadCity, type AreaFeature } from './load.js';
import { pointInMulti, type MultiPolygonCoords, type Pos } from './build/geo.js';

const city = loadCity();
const gridGeom = new Map<string, MultiPolygonCoords>(city.grids.map((g: AreaFeature) => [
  g.properties.code,
  (g.geometry.type === 'Polygon' ? [g.geometry.coordinates] : g.geometry.coordinates) as MultiPolygonCoords,
]));

function segmentsCross(a: Pos, b: Pos, c: Pos, d: Pos): boolean {
  const o = (p: Pos, q: Pos, r: Pos): number => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0;
}

describe('buildings.bin', () => {
  const b = city.buildings();

  it('has at least 30,000 footprints of 4–8 vertices with heights', () => {
    expect(b.count).toBeGreaterThanOrEqual(30000);
    for (let i = 0; i < b.count; i++) {
      const n = b.vertexCount[i] ?? 0;
      expect(n >= 4 && n <= 8).toBe(true);
      expect(b.height(i)).toBeGreaterThan(2);
      expect(b.height(i)).toBeLessThan(650);
    }
    expect(new Set(Array.from({ length: b.count }, (_, i) => b.gridCode(i))).size).toBeGreaterThan(city.grids.length * 0.9);
  });

  it('every building lies wholly inside its grid (all vertices inside, no edge crossing the grid boundary)', () => {
    let bad = 0;
    for (let i = 0; i < b.count; i++) {
      const g = gridGeom.get(b.gridCode(i));
      expect(g, `grid ${b.gridCode(i)} exists`).toBeDefined();
      const ring = b.footprint(i);
      if (!ring.every((p) => pointInMulti(p, g as MultiPolygonCoords))) { bad++; continue; }
      // edges: check against the grid boundary edges near the building
      const xs = ring.map((p) => p[0]), ys = ring.map((p) => p[1]);
      const [w, e, s, n] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      for (const poly of g as MultiPolygonCoords) for (const r of poly) for (let k = 0; k + 1 < r.length; k++) {
        const a = r[k] as Pos, c = r[k + 1] as Pos;
        if (Math.max(a[0], c[0]) < w || Math.min(a[0], c[0]) > e || Math.max(a[1], c[1]) < s || Math.min(a[1], c[1]) > n) continue;
        for (let j = 0; j < ring.length; j++) if (segmentsCross(ring[j] as Pos, ring[(j + 1) % ring.length] as Pos, a, c)) bad++;
      }
    }
    expect(bad).toBe(0);
  });

  it('is taller and denser in the downtowns than at the edge of the city', () => {
    const stats = (prefix: string): { n: number; h: number } => {
      let n = 0, h = 0;
      for (let i = 0; i < b.count; i++) if (b.gridCode(i).startsWith(prefix)) { n++; h += b.height(i); }
      return { n, h: h / n };
    };
    const futian = stats('440304'), dapeng = stats('440307010');
    expect(futian.h).toBeGreaterThan(2 * dapeng.h);
  });
});

describe('cameras, workers, base data', () => {
  it('~500 cameras, each inside its grid, with an HLS URL of a committed clip', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    expect(city.cameras.length).toBeGreaterThanOrEqual(450);
    expect(new Set(city.cameras.map((c) => c.id)).size).toBe(city.cameras.length);
    for (const c of city.cameras) {
      expect(pointInMulti([c.lon, c.lat], gridGeom.get(c.gridCode) ?? []), `${c.id} in ${c.gridCode}`).toBe(true);
      const m = /^\/video\/(clips\/[a-z0-9]+\/index\.m3u8)$/.exec(c.hlsUrl);
      expect(m, c.hlsUrl).not.toBeNull();
      expect(fs.existsSync(path.join(city.videoDir, m?.[1] ?? ''))).toBe(true);
      expect(['online', 'offline', 'fault']).toContain(c.status);
    }
  });

  it('one worker per grid, home inside the grid, clearly fake phone numbers', () => {
    expect(city.workers).toHaveLength(city.grids.length);
    for (const w of city.workers) {
      expect(pointInMulti(w.home, gridGeom.get(w.gridCode) ?? [])).toBe(true);
      expect(w.phone).toMatch(/^100-\d{4}-\d{4}$/);
    }
  });

  it('base data for every grid; categories and departments are consistent', () => {
    expect(city.basedata.map((b) => b.gridCode)).toEqual(city.grids.map((g) => g.properties.code));
    const total = city.basedata.reduce((a, b) => a + b.residentPopulation + b.floatingPopulation, 0);
    expect(total).toBeGreaterThan(15e6);
    expect(total).toBeLessThan(20e6);
    const cats = city.categories;
    expect(cats.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cats.map((c) => c.id)).size).toBe(cats.length);
    const depts = new Set(city.departments.map((d) => d.code));
    for (const c of cats) {
      expect(c.code).toMatch(/^\d{4}$/);
      expect(c.major).toBe(c.code.slice(0, 2));
      expect(depts.has(c.department), `${c.id} → ${c.department}`).toBe(true);
    }
    const get = (id: string) => cats.find((c) => c.id === id);
    expect(get('E0102')?.limits.normal).toEqual({ hours: 1, unit: 'working_days' });
    expect(get('E0104')?.limits.normal).toEqual({ hours: 5, unit: 'working_hours' });
    expect(get('E0101')?.limits.normal).toEqual({ hours: 15, unit: 'working_days' });
    expect(get('E0102')?.dispatchMinutes).toEqual({ normal: 30, urgent: 10 });
  });

  it('demo users cover every role for the city, every district and each district\'s first street', () => {
    const u = city.users;
    expect(u.demoOnly).toBe(true);
    const names = new Set(u.users.map((x) => x.username));
    for (const role of ['leader', 'duty', 'operator', 'participant']) {
      expect(names.has(`${role}-4403`)).toBe(true);
      for (const d of city.districts) expect(names.has(`${role}-${d.properties.code}`)).toBe(true);
    }
    expect(names.has('participant-440304001')).toBe(true);
    expect(u.sourceKeys.map((k) => k.key)).toContain('demo-source-440303');
    expect(u.sourceKeys).toHaveLength(1 + city.districts.length);
  });
});
