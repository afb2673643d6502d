import { AlarmPayload, DeviceStatus, TelemetryPayload, type DeviceAlarmView, type DeviceStatusView, type DeviceTelemetryView } from '../../protocol/devices.js';
import type { EventView, IngestEvent } from '../../protocol/events.js';
import { isTerminalStatus } from '../../protocol/statuses.js';
import type { DeviceStore } from '../db/device-store.js';
import { DEVICE_SOURCE, type DeviceAlarmItem, type DevicePlace, type DeviceStatusItem } from '../db/streams/devices.js';
import type { AnyStream } from '../db/streams/stream.js';
import type { CommittedChanges, Writer } from '../db/writer.js';
import type { AreaIndex } from '../geo/areas.js';
import type { Logger } from '../log.js';
import type { DeviceRegistry, DeviceState } from './registry.js';
import { evaluate, type Rule } from './rules.js';

export type Channel = 'telemetry' | 'status' | 'alarm';
export const CHANNELS: readonly Channel[] = ['telemetry', 'status', 'alarm'];

/** A device silent this many of its reporting intervals is offline. */
export const SILENCE_INTERVALS = 3;

export interface DeviceStreams {
  telemetry: AnyStream;
  status: AnyStream;
  alarms: AnyStream;
  events: AnyStream;
}

/** What one turn of the event loop received, committed together: one writer job per stream. */
interface Batch {
  telemetry: Item[];
  status: Item[];
  alarms: Item[];
  /** settles once every job of the batch is committed (rejects if any failed) */
  done: Promise<void>;
  resolve: () => void;
  reject: (err: Error) => void;
}

type Item = { item: unknown; placed: { areaCode: string; place: DevicePlace } };

/** What the gateway counted of device traffic since it started. */
export interface DeviceCounters {
  received: number;
  stored: number;
  /** payloads that were not what their topic takes: dropped (and acknowledged, so never resent) */
  malformed: number;
  /** messages of unknown or disabled devices (an external broker forwards what it lets through) */
  unknown: number;
  /** connections refused: bad credentials, or a publish or subscribe outside the device's topics */
  refused: number;
  /** alarms raised while the device already had an open case: joined to it, no new case */
  joined: number;
  casesOpened: number;
}

/**
 * What devices send, whichever broker carried it: checked, stored through the single writer
 * (the returned promise settles only after the commit, so the broker's PUBACK follows it), then
 * judged by the rules. A breach or an alarm becomes a case (reporter kind `sensor`) unless the
 * device already has an open one: an ongoing alarm is one case until that case is closed.
 */
export class DeviceService {
  readonly counters: DeviceCounters = { received: 0, stored: 0, malformed: 0, unknown: 0, refused: 0, joined: 0, casesOpened: 0 };
  private readonly rulesByKind = new Map<string, Rule[]>();
  private readonly caseDevice = new Map<string, string>();
  private readonly warned = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private batch: Batch | null = null;

  constructor(
    readonly registry: DeviceRegistry,
    private readonly writer: Writer,
    private readonly streams: DeviceStreams,
    private readonly areas: AreaIndex,
    private readonly log: Logger,
  ) {
    for (const r of registry.rules.rules) this.rulesByKind.set(r.kind, [...(this.rulesByKind.get(r.kind) ?? []), r]);
    writer.onCommit((c) => this.committed(c));
  }

  /** Loads the open cases of devices and starts the silence clock. */
  async start(store: DeviceStore, checkMs: number): Promise<void> {
    for (const { eventId, deviceId } of await store.openSensorCases(DEVICE_SOURCE)) {
      const d = this.registry.get(deviceId);
      if (!d) continue;
      d.caseId = eventId;
      this.caseDevice.set(eventId, deviceId);
    }
    this.timer = setInterval(() => this.checkSilence(Date.now()), checkMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * One message from a device. Resolves once what it carried is committed, or at once when it
   * is dropped (malformed, unknown device); rejects only when the commit failed, so the broker
   * must not acknowledge it.
   */
  receive(deviceId: string, channel: Channel, payload: Buffer, o: { will?: boolean } = {}): Promise<void> {
    this.counters.received++;
    const d = this.registry.get(deviceId);
    if (!d || d.row.disabled) {
      this.counters.unknown++;
      this.warn(`unknown:${deviceId}`, { deviceId, channel }, 'message of an unknown or disabled device dropped');
      return RESOLVED;
    }
    const now = Date.now();
    d.lastSeenMs = now;
    const text = payload.toString('utf8');
    if (channel === 'status') {
      const status = DeviceStatus.safeParse(text.trim());
      if (!status.success) return this.malformed(d, channel, 'a status is "online" or "offline"');
      return this.setStatus(d, status.data, o.will ? 'will' : 'device', now);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.malformed(d, channel, 'not JSON');
    }
    let done: Promise<void>;
    if (channel === 'telemetry') {
      const t = TelemetryPayload.safeParse(json);
      if (!t.success) return this.malformed(d, channel, issuesOf(t.error.issues));
      done = this.add('telemetry', d, { deviceId: d.row.id, ts: t.data.ts, values: t.data.values });
    } else {
      const a = AlarmPayload.safeParse(json);
      if (!a.success) return this.malformed(d, channel, issuesOf(a.error.issues));
      const item: DeviceAlarmItem = { deviceId: d.row.id, ts: a.data.ts, code: a.data.code, level: a.data.level, rule: null, value: null, message: `设备告警 device alarm ${a.data.code}` };
      done = this.add('alarms', d, item);
    }
    // a device that speaks is online again (the same batch, so the same promise)
    if (d.status !== 'online') void this.setStatus(d, 'online', 'traffic', now);
    return done.then(this.countStored);
  }

  private readonly countStored = () => {
    this.counters.stored++;
  };

  /** Counts a refusal by the broker (bad credentials, a foreign topic). */
  refused(): void {
    this.counters.refused++;
  }

  private malformed(d: DeviceState, channel: Channel, why: string): Promise<void> {
    this.counters.malformed++;
    this.warn(`malformed:${d.row.id}`, { deviceId: d.row.id, channel, why, malformed: this.counters.malformed }, 'malformed device payload dropped');
    return RESOLVED;
  }

  /** A log line per key at most every 10 s, so a device spewing garbage cannot flood the log. */
  private warn(key: string, obj: object, msg: string): void {
    const now = Date.now();
    if ((this.warned.get(key) ?? 0) > now - 10_000) return;
    if (this.warned.size > 10_000) this.warned.clear();
    this.warned.set(key, now);
    this.log.warn(obj, msg);
  }

  /**
   * Adds an item to this turn's batch and returns the batch's promise. Every message read in one
   * turn of the event loop is committed by one writer job per stream (a group commit), and each
   * is acknowledged (its PUBACK written) only once the whole batch is committed.
   */
  private add(stream: 'telemetry' | 'status' | 'alarms', d: DeviceState, item: unknown): Promise<void> {
    let b = this.batch;
    if (!b) {
      let resolve!: () => void;
      let reject!: (err: Error) => void;
      const done = new Promise<void>((res, rej) => ([resolve, reject] = [res, rej]));
      b = this.batch = { telemetry: [], status: [], alarms: [], done, resolve, reject };
      setImmediate(() => this.flush());
    }
    const place = this.registry.place(d.row.id) ?? { id: d.row.id, kind: d.row.kind, areaCode: d.row.areaCode, gridCode: d.row.gridCode, lon: d.row.lon, lat: d.row.lat };
    b[stream].push({ item, placed: { areaCode: place.areaCode, place } });
    return b.done;
  }

  private flush(): void {
    const b = this.batch!;
    this.batch = null;
    const jobs: Promise<unknown>[] = [];
    for (const name of ['telemetry', 'alarms', 'status'] as const) {
      if (b[name].length) jobs.push(this.writer.submit({ stream: this.streams[name], source: DEVICE_SOURCE, items: b[name] }));
    }
    Promise.all(jobs).then(b.resolve, b.reject);
  }

  private setStatus(d: DeviceState, status: DeviceStatus, cause: DeviceStatusView['cause'], now: number): Promise<void> {
    if (d.status === status && cause !== 'will') return RESOLVED;
    d.status = status;
    const item: DeviceStatusItem = { deviceId: d.row.id, ts: new Date(now).toISOString(), status, cause };
    return this.add('status', d, item);
  }

  /** Devices quiet for SILENCE_INTERVALS of their interval go offline. */
  checkSilence(now: number): void {
    for (const d of this.registry.all()) {
      if (d.status !== 'online' || d.row.disabled || d.lastSeenMs === null) continue;
      if (now - d.lastSeenMs > d.row.intervalS * 1000 * SILENCE_INTERVALS) {
        this.setStatus(d, 'offline', 'silence', now).catch((err: unknown) => this.log.warn({ err, deviceId: d.row.id }, 'offline status not stored'));
      }
    }
  }

  /** After each commit: rules on new readings and status changes, cases for new alarms, case ends. */
  private committed(c: CommittedChanges): void {
    for (const run of c.runs) {
      if (run.stream === this.streams.telemetry.name) for (const v of run.views as DeviceTelemetryView[]) this.reading(v);
      else if (run.stream === this.streams.status.name) for (const v of run.views as DeviceStatusView[]) this.statusChanged(v);
      else if (run.stream === this.streams.alarms.name) for (const v of run.views as DeviceAlarmView[]) this.alarmed(v);
      else if (run.stream === this.streams.events.name) for (const v of run.views as EventView[]) this.caseChanged(v);
    }
  }

  private reading(v: DeviceTelemetryView): void {
    const d = this.registry.get(v.deviceId);
    if (!d) return;
    const cur = { tsMs: Date.parse(v.ts), values: v.values };
    const prev = d.latest;
    if (prev && cur.tsMs < prev.tsMs) return; // a late reading does not move the state back
    d.latest = cur;
    const rules = this.rulesByKind.get(d.row.kind);
    if (!rules) return;
    for (const b of evaluate(rules, prev, cur, d.active)) this.raise(d, b.rule, b.value, v.ts);
  }

  private statusChanged(v: DeviceStatusView): void {
    const d = this.registry.get(v.deviceId);
    if (!d || v.status !== 'offline') return;
    for (const rule of this.rulesByKind.get(d.row.kind) ?? []) if (rule.type === 'offline') this.raise(d, rule, null, v.ts);
  }

  private raise(d: DeviceState, rule: Rule, value: number | null, ts: string): void {
    const item: DeviceAlarmItem = { deviceId: d.row.id, ts, code: rule.id, level: rule.level, rule: rule.id, value, message: rule.message };
    this.add('alarms', d, item).catch((err: unknown) => this.log.warn({ err, deviceId: d.row.id, rule: rule.id }, 'rule alarm not stored'));
  }

  private alarmed(v: DeviceAlarmView): void {
    const d = this.registry.get(v.deviceId);
    if (!d || v.level < 1) return; // level 0: recorded, no case
    if (d.caseId !== null) {
      this.counters.joined++;
      return;
    }
    const spec = this.registry.kinds.get(d.row.kind);
    if (!spec) return;
    const event: IngestEvent = {
      id: `${d.row.id}/${v.seq}`,
      occurredAt: v.ts,
      lon: d.row.lon,
      lat: d.row.lat,
      category: spec.category,
      urgency: v.level >= 2 ? 'urgent' : spec.urgency,
      // a rule's message names the kind already; a device's own alarm gets it added
      title: (v.rule ? v.message : `${spec.name}：${v.message}`).slice(0, 200),
      description: `${d.row.name} (${d.row.id}) ${v.code}${v.value === null ? '' : ` = ${v.value}`}`,
      ...(d.row.gridCode ? { gridCode: d.row.gridCode } : {}),
      reporter: { kind: 'sensor', id: d.row.id },
    };
    const placed = this.streams.events.ingest!.place(event as never, this.areas);
    if ('issues' in placed) {
      this.warn(`class:${spec.category}`, { deviceId: d.row.id, issues: placed.issues }, 'device alarm opens no case: its class is not in this city’s table');
      return;
    }
    d.caseId = 'pending';
    this.writer.submit({ stream: this.streams.events, source: DEVICE_SOURCE, items: [{ item: event, placed }] }).then(
      () => this.counters.casesOpened++,
      (err: unknown) => {
        if (d.caseId === 'pending') d.caseId = null; // the next alarm tries again
        this.log.warn({ err, deviceId: d.row.id }, 'device case not stored');
      },
    );
  }

  private caseChanged(v: EventView): void {
    if (v.source === DEVICE_SOURCE && !this.caseDevice.has(v.id)) {
      const deviceId = v.sourceId.slice(0, v.sourceId.lastIndexOf('/'));
      const d = this.registry.get(deviceId);
      if (d && !isTerminalStatus(v.status)) {
        d.caseId = v.id;
        this.caseDevice.set(v.id, deviceId);
      }
      return;
    }
    const deviceId = this.caseDevice.get(v.id);
    if (deviceId === undefined || !isTerminalStatus(v.status)) return;
    // the case is closed (or found invalid): the device's next alarm opens a new one
    this.caseDevice.delete(v.id);
    const d = this.registry.get(deviceId);
    if (d?.caseId === v.id) d.caseId = null;
  }
}

const RESOLVED: Promise<void> = Promise.resolve();

function issuesOf(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.map(String).join('.') || '(payload)'}: ${i.message}`).join('; ');
}
