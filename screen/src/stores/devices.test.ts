import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DeviceView, EventView } from '../net/protocol.js';
import { useDevicesStore } from './devices.js';

const device = (id: string, o: Partial<DeviceView> = {}): DeviceView => ({
  id, kind: 'bin_fill', name: id, lon: 114.1, lat: 22.5, gridCode: null, areaCode: '440303001', department: null,
  intervalS: 60, disabled: false, status: 'offline', alarm: false, caseId: null, lastSeen: null, latest: null, ...o,
});
const caseOf = (deviceId: string, id: string, status: EventView['status']) => ({ id, source: 'devices', sourceId: `${deviceId}/41`, status }) as EventView;

describe('devices store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('follows status and readings pushed after the snapshot, skipping replayed ones', () => {
    const s = useDevicesStore();
    s.hydrate([device('a'), device('b')], 100);
    s.applyStatus([{ seq: 99, deviceId: 'a', kind: 'bin_fill', status: 'online', cause: 'device', ts: '2026-01-01T00:00:00Z', areaCode: '440303001', gridCode: null }]);
    expect(s.byId.get('a')!.status).toBe('offline');
    s.applyStatus([{ seq: 101, deviceId: 'a', kind: 'bin_fill', status: 'online', cause: 'device', ts: '2026-01-01T00:00:00Z', areaCode: '440303001', gridCode: null }]);
    s.applyTelemetry([{ seq: 102, deviceId: 'b', ts: '2026-01-01T00:00:05.000Z', values: { fill_pct: 40 }, areaCode: '440303001' }]);
    expect(s.byId.get('a')!.status).toBe('online');
    expect(s.byId.get('b')!.latest).toEqual({ ts: '2026-01-01T00:00:05.000Z', values: { fill_pct: 40 } });
    expect(s.byId.get('b')!.lastSeen).toBe('2026-01-01T00:00:05.000Z');
  });

  it('is in alarm while the case its alarm opened is open', () => {
    const s = useDevicesStore();
    s.hydrate([device('a')], 0);
    s.applyAlarms([{ seq: 1, deviceId: 'a', kind: 'bin_fill', ts: '', code: 'x', level: 0, rule: null, value: null, message: '', areaCode: '', gridCode: null, lon: 0, lat: 0 }]);
    expect(s.byId.get('a')!.alarm).toBe(false); // level 0 opens no case
    s.applyAlarms([{ seq: 2, deviceId: 'a', kind: 'bin_fill', ts: '', code: 'x', level: 2, rule: null, value: null, message: '', areaCode: '', gridCode: null, lon: 0, lat: 0 }]);
    expect(s.byId.get('a')!.alarm).toBe(true);
    s.applyCases([caseOf('a', 'ev-7', 'REPORTED')]);
    expect(s.byId.get('a')).toMatchObject({ alarm: true, caseId: 'ev-7' });
    s.applyCases([caseOf('a', 'ev-7', 'CLOSED')]);
    expect(s.byId.get('a')).toMatchObject({ alarm: false, caseId: null });
  });
});
