import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { ALERT_CAP, ALERT_FRESH_MS, useAlertsStore } from './alerts.js';
import type { AlertView } from '../net/protocol.js';

const NOW = Date.parse('2026-11-28T12:00:00+08:00');

/** An alert raised `n` minutes after 10:00. */
function alert(seq: number, n: number, over: Partial<AlertView> = {}): AlertView {
  const raisedAt = new Date(Date.parse('2026-11-28T10:00:00+08:00') + n * 60_000).toISOString();
  return {
    seq,
    id: `al-${n}`,
    kind: 'threshold',
    rule: 'threshold-0401-street-1h',
    scope: '440303001',
    areaCode: '440303001',
    category: '0401',
    eventId: null,
    value: 3,
    baseline: 3,
    message: `alert ${n}`,
    raisedAt,
    ackedBy: null,
    ackedAt: null,
    ...over,
  };
}

describe('alerts store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('holds alerts by id, newest raised first, whatever order they arrive in', () => {
    const s = useAlertsStore();
    s.applyAlerts([alert(10, 2), alert(11, 5), alert(12, 1)], { now: NOW });
    s.applyAlerts([alert(13, 3)], { now: NOW });
    expect(s.list.map((a) => a.id)).toEqual(['al-5', 'al-3', 'al-2', 'al-1']);
    expect(s.byId.get('al-3')?.seq).toBe(13);
  });

  it('replaces an alert by id only with a newer seq, keeping its place', () => {
    const s = useAlertsStore();
    s.applyAlerts([alert(10, 1), alert(11, 2)], { now: NOW });
    const acked = alert(20, 1, { ackedBy: 'duty-4403', ackedAt: '2026-11-28T12:01:00+08:00' });
    expect(s.applyAlerts([acked], { now: NOW })).toEqual([acked]);
    expect(s.list.map((a) => a.id)).toEqual(['al-2', 'al-1']);
    expect(s.byId.get('al-1')?.ackedBy).toBe('duty-4403');
    // an older (or repeated) view of it changes nothing
    expect(s.applyAlerts([alert(10, 1), acked], { now: NOW })).toEqual([]);
    expect(s.byId.get('al-1')?.ackedBy).toBe('duty-4403');
    expect(s.list).toHaveLength(2);
  });

  it('keeps the newest of several views of one id in a single batch', () => {
    const s = useAlertsStore();
    s.applyAlerts([alert(21, 1, { ackedBy: 'duty-4403', ackedAt: '2026-11-28T12:01:00+08:00' }), alert(10, 1)], { now: NOW });
    expect(s.list).toHaveLength(1);
    expect(s.list[0]?.seq).toBe(21);
  });

  it('counts open alerts and alerts by kind', () => {
    const s = useAlertsStore();
    expect(s.openCount).toBe(0);
    s.applyAlerts(
      [
        alert(1, 1, { kind: 'overdue', eventId: 'e-1' }),
        alert(2, 2, { kind: 'surge' }),
        alert(3, 3, { kind: 'surge', ackedBy: 'duty-4403', ackedAt: '2026-11-28T12:01:00+08:00' }),
        alert(4, 4),
      ],
      { now: NOW },
    );
    expect(s.openCount).toBe(3);
    expect(s.byKind).toEqual({ overdue: 1, threshold: 1, surge: 2 });
    expect(s.openByKind).toEqual({ overdue: 1, threshold: 1, surge: 1 });
    s.applyAlerts([alert(5, 1, { kind: 'overdue', ackedBy: 'duty-4403', ackedAt: '2026-11-28T12:02:00+08:00' })], { now: NOW });
    expect(s.openCount).toBe(2);
    expect(s.openByKind.overdue).toBe(0);
  });

  it('caps the list, keeping the newest, and still knows evicted ids', () => {
    const s = useAlertsStore();
    const many = Array.from({ length: ALERT_CAP + 30 }, (_, i) => alert(i + 1, i + 1));
    s.applyAlerts(many, { now: NOW });
    expect(s.list).toHaveLength(ALERT_CAP);
    expect(s.list[0]?.id).toBe(`al-${ALERT_CAP + 30}`);
    expect(s.list.at(-1)?.id).toBe('al-31');
    expect(s.applyAlerts([alert(1, 1)], { now: NOW })).toEqual([]);
    expect(s.list).toHaveLength(ALERT_CAP);
  });

  it('flashes alerts new to the screen when they arrive live, not acknowledgements or loads', () => {
    const s = useAlertsStore();
    s.applyAlerts([alert(1, 1)], { now: NOW });
    expect(s.isFresh('al-1', NOW)).toBe(false);
    s.applyAlerts([alert(2, 2)], { live: true, now: NOW });
    expect(s.isFresh('al-2', NOW + 100)).toBe(true);
    expect(s.isFresh('al-2', NOW + ALERT_FRESH_MS)).toBe(false);
    s.applyAlerts([alert(3, 1, { ackedBy: 'duty-4403', ackedAt: '2026-11-28T12:01:00+08:00' })], { live: true, now: NOW });
    expect(s.isFresh('al-1', NOW + 100)).toBe(false);
  });

  it('hydrates from a REST load, replacing what was held, and dehydrates to nothing', () => {
    const s = useAlertsStore();
    s.applyAlerts([alert(1, 1), alert(2, 2)], { live: true, now: NOW });
    s.hydrate([alert(7, 5), alert(6, 4)]);
    expect(s.loaded).toBe(true);
    expect(s.list.map((a) => a.id)).toEqual(['al-5', 'al-4']);
    expect(s.freshAt.size).toBe(0);
    // a replaced store forgets old seqs: the same id can come back
    expect(s.applyAlerts([alert(1, 1)], { now: NOW })).toHaveLength(1);
    s.dehydrate();
    expect(s.list).toEqual([]);
    expect(s.openCount).toBe(0);
    expect(s.loaded).toBe(false);
    expect(s.indexSize()).toBe(0);
  });
});
