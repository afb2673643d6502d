import Flatbush from 'flatbush';
import { ancestorAt, type AreaLevel } from '../../protocol/scope.js';
import { openCity, optional, type CityData } from '../city.js';
import { bboxOf, distanceSqToPolygons, pointInPolygons, type PolygonCoords } from './point-in-polygon.js';

export interface AreaFeature {
  type: 'Feature';
  properties: { code: string; name: string; level: AreaLevel; parent: string };
  geometry: { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: PolygonCoords[] };
}

export interface Area {
  code: string;
  name: string;
  level: AreaLevel;
  parent: string;
  polygons: PolygonCoords[];
  bbox: [number, number, number, number];
}

/** Where a point falls: the narrowest area and its ancestors. */
export interface Placement {
  districtCode: string;
  streetCode: string;
  gridCode: string | null;
  /** the narrowest area code found */
  areaCode: string;
}

/** Degrees (~1 m at Shenzhen's latitude): how far outside every polygon a point may be and still be placed. */
export const EDGE_TOLERANCE = 1e-5;

const LEVELS = ['district', 'street', 'community', 'grid'] as const;

/**
 * The city's areas, with a spatial index over the finest level present (grids in the full
 * city; streets in a smaller fixture) for point-in-polygon placement.
 */
export class AreaIndex {
  readonly byCode = new Map<string, Area>();
  readonly byLevel = new Map<AreaLevel, Area[]>();
  private readonly finest: Area[];
  private readonly index: Flatbush;

  constructor(
    readonly cityCode: string,
    features: AreaFeature[],
    private readonly featuresByLevel: Map<AreaLevel, AreaFeature[]> = new Map(),
  ) {
    for (const f of features) {
      const { code, name, level, parent } = f.properties;
      const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      const area: Area = { code, name, level, parent, polygons, bbox: bboxOf(polygons) };
      this.byCode.set(code, area);
      const list = this.byLevel.get(level) ?? [];
      list.push(area);
      this.byLevel.set(level, list);
    }
    const finestLevel = (['grid', 'community', 'street', 'district'] as const).find((l) => this.byLevel.has(l));
    if (!finestLevel) throw new Error('the dataset has no areas');
    this.finest = this.byLevel.get(finestLevel)!;
    this.index = new Flatbush(this.finest.length);
    for (const a of this.finest) this.index.add(a.bbox[0], a.bbox[1], a.bbox[2], a.bbox[3]);
    this.index.finish();
  }

  /** The areas of a city, from whichever levels its dataset has. */
  static fromCity(city: CityData): AreaIndex {
    const all: AreaFeature[] = [];
    const byLevel = new Map<AreaLevel, AreaFeature[]>();
    for (const level of LEVELS) {
      const features = optional(() => city.areas(level) as AreaFeature[], null);
      if (!features) continue;
      byLevel.set(level, features);
      all.push(...features);
    }
    return new AreaIndex(city.city.code, all, byLevel);
  }

  static load(dir: string): AreaIndex {
    return AreaIndex.fromCity(openCity(dir));
  }

  /**
   * The narrowest area containing the point, or null outside the city. A point on a shared
   * edge, or in a hairline left between neighbours by coordinate rounding, goes to the nearest
   * area within EDGE_TOLERANCE (about a metre).
   */
  place(lon: number, lat: number): Placement | null {
    for (const i of this.index.search(lon, lat, lon, lat)) {
      const area = this.finest[i]!;
      if (pointInPolygons(lon, lat, area.polygons)) return this.placementOf(area.code);
    }
    let nearest: Area | null = null;
    let best = EDGE_TOLERANCE * EDGE_TOLERANCE;
    const t = EDGE_TOLERANCE;
    for (const i of this.index.search(lon - t, lat - t, lon + t, lat + t)) {
      const area = this.finest[i]!;
      const d = distanceSqToPolygons(lon, lat, area.polygons);
      if (d <= best) {
        best = d;
        nearest = area;
      }
    }
    return nearest ? this.placementOf(nearest.code) : null;
  }

  /** The placement of a known area code (a grid a source named), or null when unknown. */
  placementOf(code: string): Placement | null {
    const area = this.byCode.get(code);
    if (!area || area.level === 'city') return null;
    return {
      districtCode: ancestorAt(code, 'district')!,
      streetCode: ancestorAt(code, 'street') ?? '',
      gridCode: area.level === 'grid' ? code : null,
      areaCode: code,
    };
  }

  has(code: string): boolean {
    return code === this.cityCode || this.byCode.has(code);
  }

  nameOf(code: string): string | undefined {
    return this.byCode.get(code)?.name;
  }

  /** GeoJSON features of one level, optionally under a parent code (for GET /api/areas). */
  features(level: AreaLevel, under?: string): AreaFeature[] {
    const list = this.featuresByLevel.get(level) ?? [];
    return under ? list.filter((f) => f.properties.code.startsWith(under)) : list;
  }

  /** The areas of the finest level inside a scope, for simulators that need places to put events. */
  finestWithin(scope: string): Area[] {
    return this.finest.filter((a) => a.code.startsWith(scope));
  }
}
