import { describe, expect, it } from 'vitest';
import { feedRows, inCategory } from './feed-rows.js';

const ev = (id: string, category = '0101') => ({ id, category });
const feed = Array.from({ length: 100 }, (_, i) => ev(`e${i}`, i % 2 ? '0203' : '0101'));

describe('feed rows', () => {
  it('lists the newest rows', () => {
    expect(feedRows(feed, { rows: 3, category: null, picked: null }).map((e) => e.id)).toEqual(['e0', 'e1', 'e2']);
  });

  it('holds the picked event first, once, even after newer events pushed it past the rows shown', () => {
    const picked = feed[50]!;
    const rows = feedRows(feed, { rows: 3, category: null, picked });
    expect(rows.map((e) => e.id)).toEqual(['e50', 'e0', 'e1']);
    // picked and still among the newest: first, not twice
    expect(feedRows(feed, { rows: 3, category: null, picked: feed[1]! }).map((e) => e.id)).toEqual(['e1', 'e0', 'e2']);
    // no longer in the store's feed (capped): the remembered view is still shown
    expect(feedRows(feed, { rows: 2, category: null, picked: ev('gone') }).map((e) => e.id)).toEqual(['gone', 'e0']);
  });

  it('keeps only the selected category, a major class (大类) matching its minor classes', () => {
    expect(feedRows(feed, { rows: 3, category: '02', picked: null }).map((e) => e.id)).toEqual(['e1', 'e3', 'e5']);
    expect(feedRows(feed, { rows: 2, category: '0101', picked: null }).map((e) => e.id)).toEqual(['e0', 'e2']);
    expect(feedRows(feed, { rows: 2, category: '09', picked: null })).toEqual([]);
    expect(inCategory('01', '0101')).toBe(true);
    expect(inCategory('01', '0201')).toBe(false);
    expect(inCategory(null, '0201')).toBe(true);
  });
});
