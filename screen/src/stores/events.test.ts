import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { FEED_CAP, useEventsStore } from './events.js';
import type { EventView, ScopeSummary } from '../net/protocol.js';

const NOW = Date.parse('2026-11-28T12:00:00+08:00');

function view(seq: number, id: string, over: Partial<EventView> = {}): EventView {
  return {
    seq,
    id,
    sourceId: `src-${id}`,
    source: 'demo-source-4403',
    category: '0102',
    status: 'REPORTED',
    urgency: 'normal',
    lon: 114.12,
    lat: 22.55,
    districtCode: '440303',
    streetCode: '440303001',
    gridCode: null,
    occurredAt: '2026-11-28T11:30:00+08:00',
    updatedAt: '2026-11-28T11:30:00+08:00',
    deadline: null,
    overdue: false,
    title: `event ${id}`,
    ...over,
  };
}

function summary(seq: number, over: Partial<ScopeSummary> = {}): ScopeSummary {
  return {
    scope: '4403',
    seq,
    total: 10,
    byStatus: { REPORTED: 6, DISPATCHED: 3, CLOSED: 1 },
    byCategory: { '0102': 7, '0101': 3 },
    last24h: 4,
    at: '2026-11-28T12:00:00+08:00',
    ...over,
  };
}

describe('events store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('keeps one entry per id, replacing it with a newer view', () => {
    const s = useEventsStore();
    s.applyEvents([view(1, 'a'), view(2, 'b')], { now: NOW });
    s.applyEvents([view(3, 'a', { status: 'ACCEPTED' })], { now: NOW });
    expect(s.feed.map((e) => e.id)).toEqual(['a', 'b']);
    expect(s.byId.get('a')?.status).toBe('ACCEPTED');
    expect(s.byId.get('a')?.seq).toBe(3);
  });

  it('orders the feed newest first by seq, whatever order views arrive in', () => {
    const s = useEventsStore();
    s.applyEvents([view(5, 'e'), view(2, 'b'), view(9, 'i')], { now: NOW });
    s.applyEvents([view(7, 'g'), view(1, 'a')], { now: NOW });
    expect(s.feed.map((e) => e.seq)).toEqual([9, 7, 5, 2, 1]);
  });

  it('ignores a view whose seq is not newer than the one held for its id', () => {
    const s = useEventsStore();
    s.applyEvents([view(10, 'a', { status: 'DISPATCHED' })], { now: NOW });
    const applied = s.applyEvents([view(4, 'a', { status: 'REPORTED' }), view(10, 'a', { status: 'CLOSED' })], {
      now: NOW,
    });
    expect(applied).toEqual([]);
    expect(s.byId.get('a')?.status).toBe('DISPATCHED');
    expect(s.feed).toHaveLength(1);
  });

  it('dedups a replayed batch that repeats what is held', () => {
    const s = useEventsStore();
    const batch = [view(1, 'a'), view(2, 'b'), view(3, 'c')];
    s.applyEvents(batch, { now: NOW });
    s.applyEvents(batch, { now: NOW });
    expect(s.feed).toHaveLength(3);
    expect(s.counts.total).toBe(3);
  });

  it('tracks lastSeq as the highest seq seen, even from ignored views', () => {
    const s = useEventsStore();
    expect(s.lastSeq).toBe(0);
    s.applyEvents([view(3, 'a'), view(8, 'b')], { now: NOW });
    expect(s.lastSeq).toBe(8);
    s.applyEvents([view(5, 'c')], { now: NOW });
    expect(s.lastSeq).toBe(8);
  });

  it('counts held events that are overdue and not finished', () => {
    const s = useEventsStore();
    s.applyEvents([view(1, 'a', { overdue: true }), view(2, 'b'), view(3, 'c', { overdue: true, status: 'DISPATCHED' })], { now: NOW });
    expect(s.overdueCount).toBe(2);
    s.applyEvents([view(4, 'a', { overdue: true, status: 'CLOSED' })], { now: NOW });
    expect(s.overdueCount).toBe(1);
  });

  it('caps the feed, keeping the newest', () => {
    const s = useEventsStore();
    const many = Array.from({ length: FEED_CAP + 50 }, (_, i) => view(i + 1, `e${i + 1}`));
    s.applyEvents(many, { now: NOW });
    expect(s.feed).toHaveLength(FEED_CAP);
    expect(s.feed[0]?.seq).toBe(FEED_CAP + 50);
    expect(s.feed.at(-1)?.seq).toBe(51);
    // An evicted id is still known: an old view of it is not news.
    expect(s.applyEvents([view(1, 'e1')], { now: NOW })).toEqual([]);
  });

  it('takes counts from the summary and applies only changes newer than it', () => {
    const s = useEventsStore();
    // Held before the summary: already counted by it.
    s.applyEvents([view(95, 'old', { status: 'DISPATCHED' })], { now: NOW });
    s.applySummary(summary(100), NOW);
    expect(s.counts.total).toBe(10);
    expect(s.counts.byStatus).toEqual({ REPORTED: 6, DISPATCHED: 3, CLOSED: 1 });

    s.applyEvents(
      [
        view(99, 'x'), // at or before the summary: included in it already
        view(101, 'new1', { category: '0301' }), // new event
        view(102, 'old', { status: 'CLOSED' }), // known event changes status
        view(103, 'new1', { status: 'ACCEPTED', category: '0301' }),
      ],
      { now: NOW },
    );
    expect(s.counts.total).toBe(11);
    expect(s.counts.byStatus).toEqual({ REPORTED: 6, ACCEPTED: 1, DISPATCHED: 2, CLOSED: 2 });
    expect(s.counts.byCategory).toEqual({ '0102': 7, '0101': 3, '0301': 1 });
    expect(s.counts.last24h).toBe(5);
  });

  it('rebuilds counts from a newer summary plus the changes after it, without double counting', () => {
    const s = useEventsStore();
    s.applySummary(summary(100), NOW);
    s.applyEvents([view(101, 'n1'), view(102, 'n2'), view(103, 'n3')], { now: NOW });
    expect(s.counts.total).toBe(13);
    // The gateway's next summary already includes 101 and 102.
    s.applySummary(summary(102, { total: 12, byStatus: { REPORTED: 8, DISPATCHED: 3, CLOSED: 1 } }), NOW);
    expect(s.counts.total).toBe(13);
    expect(s.counts.byStatus.REPORTED).toBe(9);
    expect(s.pendingDeltas()).toBe(1);
    // An older summary arriving late is ignored.
    s.applySummary(summary(90, { total: 1 }), NOW);
    expect(s.counts.total).toBe(13);
  });

  it('leaves counts to the next summary for an update of an event it never held', () => {
    const s = useEventsStore();
    s.applySummary(summary(100), NOW);
    s.applyEvents([view(101, 'unseen', { status: 'CLOSED' })], { now: NOW });
    expect(s.counts.total).toBe(10);
    expect(s.counts.byStatus).toEqual({ REPORTED: 6, DISPATCHED: 3, CLOSED: 1 });
    expect(s.feed[0]?.id).toBe('unseen');
    s.applySummary(summary(101, { byStatus: { REPORTED: 5, DISPATCHED: 3, CLOSED: 2 } }), NOW);
    expect(s.counts.byStatus.CLOSED).toBe(2);
  });

  it('does not count old events as last 24h', () => {
    const s = useEventsStore();
    s.applyEvents([view(1, 'a', { occurredAt: '2026-11-20T08:00:00+08:00' })], { now: NOW });
    expect(s.counts.total).toBe(1);
    expect(s.counts.last24h).toBe(0);
  });

  it('marks live arrivals fresh, not snapshot ones', () => {
    const s = useEventsStore();
    s.loadSnapshot([view(2, 'b'), view(1, 'a')], summary(2));
    expect(s.freshAt.size).toBe(0);
    s.applyEvents([view(3, 'c')], { live: true, now: NOW });
    expect(s.isFresh('c', NOW + 100)).toBe(true);
    expect(s.isFresh('c', NOW + 60_000)).toBe(false);
    expect(s.loaded).toBe(true);
  });

  it('reset forgets everything', () => {
    const s = useEventsStore();
    s.loadSnapshot([view(2, 'b')], summary(2));
    s.reset();
    expect(s.feed).toEqual([]);
    expect(s.lastSeq).toBe(0);
    expect(s.counts.total).toBe(0);
    expect(s.indexSize()).toBe(0);
    expect(s.loaded).toBe(false);
  });
});
