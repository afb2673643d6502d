import { describe, expect, it } from 'vitest';
import type { EventView } from '../../net/protocol.js';
import { lateBy, mergeOverdue } from './overdue-rows.js';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const ev = (id: string, seq: number, deadline: string | null, over: Partial<EventView> = {}): EventView =>
  ({
    id,
    seq,
    deadline,
    status: 'DISPATCHED',
    gridCode: '44030300100101',
    streetCode: '440303001',
    districtCode: '440303',
    overdue: deadline !== null && Date.parse(deadline) < NOW,
    ...over,
  }) as EventView;

describe('overdue list', () => {
  it('keeps loaded overdue cases, drops those the live feed closed, adds those turning overdue, longest first, capped', () => {
    const loaded = [ev('a', 1, '2026-12-01T00:00:00Z'), ev('b', 2, '2026-12-02T00:00:00Z'), ev('c', 3, '2026-12-02T06:00:00Z')];
    const live = new Map([
      ['b', ev('b', 9, '2026-12-02T00:00:00Z', { status: 'CLOSED' })],
      ['d', ev('d', 10, '2026-11-30T00:00:00Z')],
      ['e', ev('e', 11, '2026-12-04T00:00:00Z')], // not yet due
      ['f', ev('f', 12, '2026-11-29T00:00:00Z', { gridCode: '44030400100101', streetCode: '440304001', districtCode: '440304' })], // elsewhere
    ]);
    expect(mergeOverdue(loaded, live, '440303', 10, NOW).map((e) => e.id)).toEqual(['d', 'a', 'c']);
    expect(mergeOverdue(loaded, live, '440303', 2, NOW).map((e) => e.id)).toEqual(['d', 'a']);
    expect(mergeOverdue(loaded, live, '4403', 10, NOW).map((e) => e.id)).toEqual(['f', 'd', 'a', 'c']);
  });
  it('says how late in the largest whole unit', () => {
    expect(lateBy('2026-12-01T11:00:00Z', NOW)).toEqual({ unit: 'd', n: 2 });
    expect(lateBy('2026-12-03T09:30:00Z', NOW)).toEqual({ unit: 'h', n: 2 });
    expect(lateBy('2026-12-03T11:59:50Z', NOW)).toEqual({ unit: 'm', n: 1 });
  });
});
