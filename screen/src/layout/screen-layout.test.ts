import { describe, expect, it } from 'vitest';
import { DEFAULT_SCREEN_LAYOUT, HEADER_HEIGHT } from './screen-layout.js';
import { DESIGN_HEIGHT, DESIGN_WIDTH } from './canvas-scale.js';

// Not eager: only the folder names are needed, nothing is imported.
const WIDGET_IDS = new Set(Object.keys(import.meta.glob('../widgets/*/index.ts')).map((p) => p.split('/')[2]));

describe('the default screen layout', () => {
  it('keeps every panel on the canvas, below the header', () => {
    for (const p of DEFAULT_SCREEN_LAYOUT) {
      expect(p.x, p.key).toBeGreaterThanOrEqual(0);
      expect(p.y, p.key).toBeGreaterThanOrEqual(HEADER_HEIGHT);
      expect(p.x + p.w, p.key).toBeLessThanOrEqual(DESIGN_WIDTH);
      expect(p.y + p.h, p.key).toBeLessThanOrEqual(DESIGN_HEIGHT);
    }
  });

  it('has no two panels overlapping', () => {
    const list = [...DEFAULT_SCREEN_LAYOUT];
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
        expect(apart, `${a.key} overlaps ${b.key}`).toBe(true);
      }
    }
  });

  it('uses unique keys and widgets that exist, the alert list among them', () => {
    const keys = DEFAULT_SCREEN_LAYOUT.map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const p of DEFAULT_SCREEN_LAYOUT) expect(WIDGET_IDS.has(p.widget), p.widget).toBe(true);
    expect(DEFAULT_SCREEN_LAYOUT.some((p) => p.widget === 'alert-list')).toBe(true);
  });
});

describe('parseLayout', () => {
  it('refuses a layout file of another version or with a bad placement, naming what is wrong', async () => {
    const { parseLayout } = await import('./screen-layout.js');
    expect(() => parseLayout({ schemaVersion: 2, widgets: [] })).toThrow('schemaVersion 2 is not 1');
    expect(() => parseLayout({ schemaVersion: 1, id: 'x', widgets: [{ key: 'a', widget: 'totals', x: 0, y: -5, w: 10, h: 10 }] })).toThrow('widgets.0.y must be a number ≥ 0');
    expect(() => parseLayout({ schemaVersion: 1, id: 'x', widgets: [{ x: 0, y: 0, w: 10, h: 10 }] })).toThrow('widgets.0 needs a key and a widget id');
  });
});
