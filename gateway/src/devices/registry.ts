import type { DeviceAreaCount, DeviceStatus, DeviceView } from '../../protocol/devices.js';
import { levelOf, scopeContains } from '../../protocol/scope.js';
import { IdentityError } from '../auth/identities.js';
import type { DeviceRow, DeviceStore } from '../db/device-store.js';
import type { DevicePlace } from '../db/streams/devices.js';
import type { AreaIndex } from '../geo/areas.js';
import { seededRandom } from '../sim/random.js';
import { randomPointIn } from '../sim/simulator.js';
import type { DeviceRules, KindSpec, Reading } from './rules.js';
import { generateDeviceSecret, hashDeviceSecret, verifyDeviceSecret } from './secret.js';

/** The level one below each: devices are counted per area of that level. */
const CHILD_LENGTH: Record<string, number> = { city: 6, district: 9, street: 12, community: 15, grid: 15 };

export const DEMO_DEVICE_SECRET = 'gridcommand-demo';

/** A device's registry entry and what the gateway knows of it now. */
export interface DeviceState {
  row: DeviceRow;
  status: DeviceStatus;
  /** when anything was last received from it (ms) */
  lastSeenMs: number | null;
  latest: Reading | null;
  /** rules in breach after its latest reading */
  active: Set<string>;
  /** its open case (an ongoing alarm), or 'pending' while that case is being created */
  caseId: string | null;
}

/**
 * The device registry in memory (every publish looks its device up), changed only through this
 * class so that memory and the `devices` table never disagree.
 */
export class DeviceRegistry {
  private readonly byId = new Map<string, DeviceState>();
  readonly kinds: Map<string, KindSpec>;

  private constructor(
    private readonly store: DeviceStore,
    private readonly areas: AreaIndex,
    readonly rules: DeviceRules,
  ) {
    this.kinds = new Map(rules.kinds.map((k) => [k.kind, k]));
  }

  /** Loads the registry with each device's latest status and values. */
  static async open(store: DeviceStore, areas: AreaIndex, rules: DeviceRules): Promise<DeviceRegistry> {
    const reg = new DeviceRegistry(store, areas, rules);
    for (const row of await store.devices()) reg.byId.set(row.id, { row, status: 'offline', lastSeenMs: null, latest: null, active: new Set(), caseId: null });
    return reg;
  }

  /** The latest stored status and values (at start; live changes arrive through DeviceService). */
  async loadState(now: number): Promise<void> {
    for (const s of await this.store.latestStatus()) {
      const d = this.byId.get(s.deviceId);
      // a device online when the gateway stopped gets a fresh silence clock from now
      if (d) [d.status, d.lastSeenMs] = [s.status, s.status === 'online' ? now : s.tsMs];
    }
    for (const t of await this.store.latestTelemetry()) {
      const d = this.byId.get(t.deviceId);
      if (d) d.latest = { tsMs: t.tsMs, values: t.values };
    }
  }

  get(id: string): DeviceState | undefined {
    return this.byId.get(id);
  }

  /** An enabled device as its streams place it. */
  place(id: string): DevicePlace | undefined {
    const d = this.byId.get(id);
    if (!d || d.row.disabled) return undefined;
    const { kind, areaCode, gridCode, lon, lat } = d.row;
    return { id, kind, areaCode, gridCode, lon, lat };
  }

  /** The enabled device with this id and secret, or null. */
  authenticate(id: string, secret: string): DeviceState | null {
    const d = this.byId.get(id);
    if (!d || d.row.disabled) return null;
    return verifyDeviceSecret(d.row.secretHash, secret) ? d : null;
  }

  all(): IterableIterator<DeviceState> {
    return this.byId.values();
  }

  get size(): number {
    return this.byId.size;
  }

  view(d: DeviceState): DeviceView {
    const r = d.row;
    return {
      id: r.id,
      kind: r.kind,
      name: r.name,
      lon: r.lon,
      lat: r.lat,
      gridCode: r.gridCode,
      areaCode: r.areaCode,
      department: r.department,
      intervalS: r.intervalS,
      disabled: r.disabled,
      status: d.status,
      alarm: d.caseId !== null,
      caseId: d.caseId === 'pending' ? null : d.caseId,
      lastSeen: d.lastSeenMs === null ? null : new Date(d.lastSeenMs).toISOString(),
      latest: d.latest ? { ts: new Date(d.latest.tsMs).toISOString(), values: { ...d.latest.values } } : null,
    };
  }

  /** The devices inside a scope, optionally of one kind and one status. */
  list(scope: string, o: { kind?: string; status?: 'online' | 'offline' | 'alarm' | 'disabled' } = {}): DeviceState[] {
    const out: DeviceState[] = [];
    for (const d of this.byId.values()) {
      if (!scopeContains(scope, d.row.areaCode)) continue;
      if (o.kind && d.row.kind !== o.kind) continue;
      if (o.status === 'disabled' ? !d.row.disabled : o.status === 'alarm' ? d.caseId === null : o.status ? d.status !== o.status || d.row.disabled : false) continue;
      out.push(d);
    }
    return out;
  }

  /** Devices online, offline and in alarm (an open case) in `scope` and per area one level below it. */
  counts(scope: string): { totals: DeviceAreaCount; areas: DeviceAreaCount[] } {
    const len = CHILD_LENGTH[levelOf(scope) ?? 'grid'] ?? 15;
    const zero = (code: string): DeviceAreaCount => ({ code, total: 0, online: 0, offline: 0, alarm: 0 });
    const totals = zero(scope);
    const byArea = new Map<string, DeviceAreaCount>();
    for (const x of this.byId.values()) {
      if (x.row.disabled || !scopeContains(scope, x.row.areaCode)) continue;
      const code = x.row.areaCode.slice(0, len);
      let c = byArea.get(code);
      if (!c) byArea.set(code, (c = zero(code)));
      for (const t of [c, totals]) {
        t.total++;
        t[x.status]++;
        if (x.caseId !== null) t.alarm++;
      }
    }
    return { totals, areas: [...byArea.values()].sort((a, b) => a.code.localeCompare(b.code)) };
  }

  /** Registers a device at a location; returns the secret, shown once. */
  async add(id: string, kind: string, lon: number, lat: number, o: { name?: string; department?: string; intervalS?: number; secret?: string } = {}): Promise<string> {
    if (!/^[A-Za-z0-9._-]{2,64}$/.test(id)) throw new IdentityError(`bad device id "${id}": 2–64 letters, digits, . _ -`);
    if (this.byId.has(id)) throw new IdentityError(`device "${id}" exists: disable it or choose another id`);
    const spec = this.kinds.get(kind);
    if (!spec) throw new IdentityError(`unknown kind "${kind}": one of ${[...this.kinds.keys()].join(', ')}`);
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new IdentityError('--lon and --lat must be numbers');
    const place = this.areas.place(lon, lat);
    if (!place) throw new IdentityError(`location ${lon},${lat} is outside the city's areas`);
    const intervalS = o.intervalS ?? spec.intervalS;
    if (!Number.isInteger(intervalS) || intervalS < 1 || intervalS > 86_400) throw new IdentityError(`bad interval ${intervalS}: whole seconds from 1 to 86400`);
    const secret = o.secret ?? generateDeviceSecret();
    const row: DeviceRow = { id, kind, name: o.name ?? `${spec.name} ${id}`, lon, lat, gridCode: place.gridCode, areaCode: place.areaCode, department: o.department ?? null, secretHash: hashDeviceSecret(secret), intervalS, disabled: false, demo: false };
    await this.store.insert([row]);
    this.byId.set(id, { row, status: 'offline', lastSeenMs: null, latest: null, active: new Set(), caseId: null });
    return secret;
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    const d = this.byId.get(id);
    if (!d) throw new IdentityError(`no device "${id}"`);
    await this.store.setDisabled(id, disabled);
    d.row = { ...d.row, disabled };
  }

  /**
   * Demo mode: the simulated network, `count` devices of every kind spread over the grids
   * (the same ones at every start), secret `gridcommand-demo`. Demo mode off: none remain.
   */
  async provisionDemo(demo: boolean, count: number): Promise<void> {
    if (!demo) {
      await this.store.deleteDemo();
      for (const [id, d] of this.byId) if (d.row.demo) this.byId.delete(id);
      return;
    }
    const rand = seededRandom(13);
    const grids = this.areas.byLevel.get('grid') ?? this.areas.byLevel.get('street') ?? [];
    if (!grids.length || count <= 0) return;
    const kinds = [...this.kinds.values()];
    const hash = hashDeviceSecret(DEMO_DEVICE_SECRET);
    const rows: DeviceRow[] = [];
    for (let i = 0; i < count; i++) {
      const spec = kinds[i % kinds.length]!;
      const grid = grids[Math.floor(rand() * grids.length)]!;
      const [lon, lat] = randomPointIn(grid, rand);
      const id = demoDeviceId(spec.kind, i);
      if (this.byId.has(id)) continue;
      const place = this.areas.place(lon, lat);
      if (!place) continue;
      rows.push({ id, kind: spec.kind, name: `${spec.name} ${String(i).padStart(5, '0')}`, lon, lat, gridCode: place.gridCode, areaCode: place.areaCode, department: null, secretHash: hash, intervalS: spec.intervalS, disabled: false, demo: true });
    }
    await this.store.insert(rows);
    for (const row of rows) this.byId.set(row.id, { row, status: 'offline', lastSeenMs: null, latest: null, active: new Set(), caseId: null });
  }
}

export const demoDeviceId = (kind: string, i: number) => `sim-${kind.replace(/_/g, '-')}-${String(i).padStart(5, '0')}`;
