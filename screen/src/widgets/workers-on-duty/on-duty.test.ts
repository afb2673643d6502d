import { describe, expect, it } from 'vitest';
import type { PositionView } from '../../net/protocol.js';
import { onDutyByArea } from './on-duty.js';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const at = (min: number) => new Date(NOW - min * 60_000).toISOString();
const pos = (workerId: string, areaCode: string, minutesAgo: number) => ({ workerId, areaCode, ts: at(minutesAgo) }) as PositionView;

describe('workers on duty', () => {
  const positions = [
    pos('a', '44030300100101', 1),
    pos('b', '44030300100102', 30), // silent for half an hour
    pos('c', '44030300200101', 2),
    pos('d', '44030300200102', 5),
    pos('e', '44030400100101', 1), // another district
    pos('f', '440303003', 1), // placed only in its street
  ];
  it('counts reporting and known workers of the scope, per area below it, busiest first', () => {
    const r = onDutyByArea(positions, '440303', 'street', 10 * 60_000, NOW);
    expect(r.reporting).toBe(4);
    expect(r.known).toBe(5);
    expect(r.rows).toEqual([
      { code: '440303002', reporting: 2, known: 2 },
      { code: '440303001', reporting: 1, known: 2 },
      { code: '440303003', reporting: 1, known: 1 },
    ]);
  });
  it('skips positions not placed as deep as the rows', () => {
    const r = onDutyByArea(positions, '440303', 'community', 10 * 60_000, NOW);
    expect(r.rows.map((x) => x.code)).toEqual(['440303002001', '440303001001']);
    expect(r.known).toBe(5);
  });
});
