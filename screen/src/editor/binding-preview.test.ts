import { describe, expect, it } from 'vitest';
import type { AlertView, EventView } from '../net/protocol.js';
import { bindingPreview } from './binding-preview.js';

const ev = (id: string, streetCode: string, category: string, status: EventView['status'], gridCode: string | null = null) =>
  ({ id, seq: 1, sourceId: id, source: 's', category, status, urgency: 'normal', lon: 0, lat: 0, districtCode: streetCode.slice(0, 6), streetCode, gridCode, occurredAt: '', updatedAt: '', deadline: null, overdue: false, title: `t-${id}` }) as EventView;
const al = (id: string, areaCode: string, acked: boolean) =>
  ({ id, seq: 1, kind: 'threshold', rule: null, scope: areaCode, areaCode, category: '0102', eventId: null, value: null, baseline: null, message: 'm', raisedAt: '', ackedBy: null, ackedAt: acked ? 'x' : null }) as AlertView;

describe('bindingPreview', () => {
  const events = [ev('a', '440303001', '0102', 'REPORTED', '44030300100101'), ev('b', '440304001', '0102', 'CLOSED'), ev('c', '440303002', '0201', 'REPORTED')];
  it('narrows events by area prefix, category prefix and status', () => {
    expect(bindingPreview('events', {}, { events, alerts: [] })!.count).toBe(3);
    expect(bindingPreview('events', { area: '440303' }, { events, alerts: [] })!.sample.map((r) => r.id)).toEqual(['a', 'c']);
    expect(bindingPreview('events', { area: '4403030010' }, { events, alerts: [] })!.sample.map((r) => r.id)).toEqual(['a']);
    expect(bindingPreview('events', { category: '01', status: 'REPORTED' }, { events, alerts: [] })!.sample).toEqual([{ id: 'a', text: 'REPORTED · 0102 · t-a' }]);
  });
  it('narrows alerts by area and open/acknowledged', () => {
    const alerts = [al('x', '440303001', false), al('y', '440303001', true), al('z', '440304', false)];
    expect(bindingPreview('alerts', { area: '440303', status: 'open' }, { events: [], alerts })!.sample.map((r) => r.id)).toEqual(['x']);
    expect(bindingPreview('alerts', { status: 'acked' }, { events: [], alerts })!.count).toBe(1);
  });
});
