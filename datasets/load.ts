/**
 * Typed readers for an embedded city (default: datasets/shenzhen). node:fs only, lazy: each file
 * is read and parsed on first access and cached. Buildings have their own binary reader.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeBuildings, type Buildings } from './buildings.js';

export type { Buildings } from './buildings.js';

export type Position = [number, number];
export type AreaLevel = 'district' | 'street' | 'community' | 'grid';

export interface City {
  code: string;
  name: string;
  nameEn: string;
  center: Position;
  crs: 'wgs84';
  bbox: [number, number, number, number];
  /** the city's Open311 endpoint, when it says more than its code (docs/open311.md) */
  open311?: { jurisdictionIds?: string[]; contact?: string; keyService?: string };
}

export interface AreaProperties<L extends AreaLevel = AreaLevel> { code: string; name: string; level: L; parent: string }
export type AreaGeometry =
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };
export interface AreaFeature<L extends AreaLevel = AreaLevel> { type: 'Feature'; properties: AreaProperties<L>; geometry: AreaGeometry }
export interface AreaCollection<L extends AreaLevel = AreaLevel> { type: 'FeatureCollection'; features: AreaFeature<L>[] }

export type CameraStatus = 'online' | 'offline' | 'fault';
/** `generated`: made up by the city builder (a built city's rows say so; the demo city's README says all are). */
export interface Camera { id: string; name: string; lon: number; lat: number; gridCode: string; hlsUrl: string; status: CameraStatus; generated?: true }

export interface Worker { id: string; name: string; gridCode: string; phone: string; onDuty: boolean; home: Position; generated?: true }

/** `categories`: event codes the department owns (an event's `category`); `components`: component codes it owns. */
export interface Department { code: string; name: string; nameEn: string; categories: string[]; components: string[] }

export type LimitUnit = 'working_hours' | 'working_days';
/** `hours` is the amount of the limit, counted in `unit` (so `{ hours: 1, unit: 'working_days' }` is one working day). */
export interface Limit { hours: number; unit: LimitUnit }
export interface Category {
  /** unambiguous key: "E" (event) or "C" (component) + code */
  id: string;
  code: string;
  kind: 'event' | 'component';
  major: string;
  majorName: string;
  name: string;
  nameEn: string;
  department: string;
  limits: { normal: Limit; urgent: Limit };
  /** filing + dispatch limit in minutes (DOMAIN.md: 30 normal, 10 urgent) */
  dispatchMinutes: { normal: number; urgent: number };
  filing: string;
  closing: string;
}

export type ComponentClass = '01' | '02' | '03' | '04' | '05' | '06';
export interface KeyPlaces { school: number; hospital: number; market: number; constructionSite: number; hazardousChemicals: number; elderlyCare: number; transitHub: number }
export interface GridBaseData {
  gridCode: string;
  areaKm2: number;
  residentPopulation: number;
  floatingPopulation: number;
  households: number;
  buildings: number;
  enterprises: number;
  components: Record<ComponentClass, number>;
  keyPlaces: KeyPlaces;
}

export type Role = 'leader' | 'duty' | 'operator' | 'participant';
export interface DemoUser { username: string; role: Role; scope: string; demoOnly: true }
export interface DemoSourceKey { key: string; scope: string; name: string; demoOnly: true }
export interface DemoUsers { demoOnly: true; note: string; users: DemoUser[]; sourceKeys: DemoSourceKey[] }

export interface CityData {
  dir: string;
  readonly city: City;
  readonly districts: AreaFeature<'district'>[];
  readonly streets: AreaFeature<'street'>[];
  readonly communities: AreaFeature<'community'>[];
  readonly grids: AreaFeature<'grid'>[];
  readonly cameras: Camera[];
  readonly workers: Worker[];
  readonly departments: Department[];
  readonly categories: Category[];
  readonly basedata: GridBaseData[];
  readonly users: DemoUsers;
  /** all areas of one level */
  areas(level: AreaLevel): AreaFeature[];
  /** absolute path of the HLS video root (served at /video/) */
  readonly videoDir: string;
  /** decoded buildings.bin (read on first call) */
  buildings(): Buildings;
}

export const DEFAULT_CITY_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'shenzhen');

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

export function readBuildings(file: string): Buildings {
  return decodeBuildings(fs.readFileSync(file));
}

export function loadCity(dir: string = DEFAULT_CITY_DIR): CityData {
  const abs = path.resolve(dir);
  const cache = new Map<string, unknown>();
  const lazy = <T>(name: string, read: () => T): T => {
    if (!cache.has(name)) cache.set(name, read());
    return cache.get(name) as T;
  };
  const areas = <L extends AreaLevel>(file: string): AreaFeature<L>[] =>
    lazy(file, () => readJson<AreaCollection<L>>(path.join(abs, 'areas', file)).features);
  const data: CityData = {
    dir: abs,
    get city() { return lazy('city', () => readJson<City>(path.join(abs, 'city.json'))); },
    get districts() { return areas<'district'>('districts.geojson'); },
    get streets() { return areas<'street'>('streets.geojson'); },
    get communities() { return areas<'community'>('communities.geojson'); },
    get grids() { return areas<'grid'>('grids.geojson'); },
    get cameras() { return lazy('cameras', () => readJson<Camera[]>(path.join(abs, 'cameras.json'))); },
    get workers() { return lazy('workers', () => readJson<Worker[]>(path.join(abs, 'workers.json'))); },
    get departments() { return lazy('departments', () => readJson<Department[]>(path.join(abs, 'departments.json'))); },
    get categories() { return lazy('categories', () => readJson<Category[]>(path.join(abs, 'categories.json'))); },
    get basedata() { return lazy('basedata', () => readJson<GridBaseData[]>(path.join(abs, 'basedata.json'))); },
    get users() { return lazy('users', () => readJson<DemoUsers>(path.join(abs, 'users.json'))); },
    areas(level) {
      switch (level) {
        case 'district': return data.districts;
        case 'street': return data.streets;
        case 'community': return data.communities;
        case 'grid': return data.grids;
      }
    },
    videoDir: path.join(abs, 'video'),
    buildings() { return lazy('buildings', () => readBuildings(path.join(abs, 'buildings.bin'))); },
  };
  return data;
}
