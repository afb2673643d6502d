import { describe, expect, it } from 'vitest';
import type { Layout } from '../net/protocol.js';
import { HEADER_HEIGHT, placementTitle, resolvePage } from './screen-layout.js';
import type { WidgetDefinition } from '../widgets/types.js';

// The shipped layout files (already current: the gateway's tests load them through the schema).
const LAYOUTS = Object.values(import.meta.glob<{ default: Layout }>('../../../layouts/*.json', { eager: true })).map((m) => m.default);
// Not eager: only the folder names are needed, nothing is imported.
const WIDGET_IDS = new Set(Object.keys(import.meta.glob('../widgets/*/index.ts')).map((p) => p.split('/')[2]));

describe('the shipped layouts, as this screen draws them', () => {
  it('include the five command-center layouts', () => {
    expect(LAYOUTS.map((l) => l.id).sort()).toEqual(['city-command', 'conference', 'dispatch-seat', 'district-command', 'street-command']);
  });

  for (const layout of LAYOUTS) {
    it(`${layout.id}: widgets this screen has, below the header, on the canvas, none overlapping`, () => {
      for (const page of layout.pages) {
        const list = page.placements;
        for (const p of list) {
          expect(WIDGET_IDS.has(p.widget), `${page.key}/${p.key}: ${p.widget}`).toBe(true);
          expect(p.y, p.key).toBeGreaterThanOrEqual(HEADER_HEIGHT);
          expect(p.x + p.w, p.key).toBeLessThanOrEqual(layout.design?.width ?? 1920);
          expect(p.y + p.h, p.key).toBeLessThanOrEqual(layout.design?.height ?? 1080);
        }
        for (let i = 0; i < list.length; i++) {
          for (let j = i + 1; j < list.length; j++) {
            const a = list[i]!;
            const b = list[j]!;
            const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
            expect(apart, `${page.key}: ${a.key} overlaps ${b.key}`).toBe(true);
          }
        }
      }
    });
  }
});

describe('resolvePage', () => {
  const def = (id: string) => ({ id, titleKey: `widgets.${id}`, component: {}, defaultOptions: { rows: 5 }, minSize: { w: 1, h: 1 } }) as WidgetDefinition<object>;
  const layout = {
    schemaVersion: 2,
    id: 'x',
    name: { 'zh-CN': 'x', en: 'x' },
    tier: 'any',
    design: { width: 1920, height: 1080 },
    scaleMode: 'fit',
    carousel: { intervalS: 0, resumeAfterS: 60 },
    pages: [
      {
        key: 'a',
        placements: [
          { key: 'top', widget: 'feed', x: 0, y: 0, w: 1, h: 1, z: 5, options: { rows: 9 }, title: { en: 'Mine' } },
          { key: 'under', widget: 'feed', x: 0, y: 0, w: 1, h: 1, z: -1, options: {} },
          { key: 'gone', widget: 'teapot', x: 0, y: 0, w: 1, h: 1, z: 0, options: {} },
        ],
      },
    ],
  } satisfies Layout;

  it('orders by z, fills options from the widget defaults and names widgets the screen lacks', () => {
    const r = resolvePage(layout, 3, (id) => (id === 'feed' ? def(id) : undefined));
    expect(r.placements.map((p) => [p.key, p.options])).toEqual([
      ['under', { rows: 5 }],
      ['top', { rows: 9 }],
    ]);
    expect(r.missing).toEqual(['teapot']);
    const t = (k: string) => `t:${k}`;
    expect(placementTitle(r.placements[1]!, 'en', t)).toBe('Mine');
    expect(placementTitle(r.placements[1]!, 'zh-CN', t)).toBe('t:widgets.feed');
  });
});

describe('hidden placements', () => {
  it('are kept in the layout but not drawn', () => {
    const def = { id: 'feed', titleKey: 'widgets.feed', component: {}, defaultOptions: {}, minSize: { w: 1, h: 1 } } as WidgetDefinition<object>;
    const layout = {
      schemaVersion: 2,
      id: 'h',
      name: { 'zh-CN': 'h', en: 'h' },
      tier: 'any',
      design: { width: 1920, height: 1080 },
      scaleMode: 'fit',
      carousel: { intervalS: 0, resumeAfterS: 60 },
      pages: [{ key: 'a', placements: [{ key: 'shown', widget: 'feed', x: 0, y: 0, w: 1, h: 1, z: 0, options: {} }, { key: 'off', widget: 'feed', x: 0, y: 0, w: 1, h: 1, z: 0, options: {}, hidden: true }] }],
    } satisfies Layout;
    expect(resolvePage(layout, 0, () => def).placements.map((p) => p.key)).toEqual(['shown']);
  });
});
