import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAYOUT_SCHEMA_VERSION, LayoutError, loadLayout, migrateLayout, tierAllows, tierOfLevel } from '../../protocol/layout.js';

const LAYOUTS_DIR = path.resolve(import.meta.dirname, '../../../layouts');

const V1 = {
  schemaVersion: 1,
  id: 'old-wall',
  name: { 'zh-CN': '旧大屏', en: 'Old wall' },
  canvas: { width: 1920, height: 1080 },
  widgets: [
    { key: 'totals', widget: 'totals', x: 24, y: 112, w: 520, h: 300 },
    { key: 'bar', widget: 'category-chart', x: 564, y: 112, w: 772, h: 540, titleKey: 'widgets.categoryTop', options: { kind: 'bar', top: 10 } },
    { key: 'feed', widget: 'event-feed', x: 1356, y: 112, w: 540, h: 540 },
  ],
};

function current(over: Record<string, unknown> = {}, placement: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemaVersion: LAYOUT_SCHEMA_VERSION,
    id: 'a-layout',
    name: { 'zh-CN': '测试', en: 'Test' },
    pages: [{ key: 'p1', placements: [{ key: 'feed', widget: 'event-feed', x: 0, y: 100, w: 400, h: 300, ...placement }] }],
    ...over,
  };
}

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LayoutError);
    return [...(err as LayoutError).issues];
  }
  throw new Error('expected a LayoutError');
}

describe('layout migrations', () => {
  it('turns a version-1 file into the current version: one page, defaults filled in, options by the widget schema', () => {
    const l = loadLayout(V1);
    expect(l.schemaVersion).toBe(LAYOUT_SCHEMA_VERSION);
    expect(l).toMatchObject({ id: 'old-wall', tier: 'any', scaleMode: 'fit', design: { width: 1920, height: 1080 }, carousel: { intervalS: 0 } });
    expect(l.pages).toHaveLength(1);
    expect(l.pages[0]!.placements.map((p) => p.key)).toEqual(['totals', 'bar', 'feed']);
    expect(l.pages[0]!.placements[1]).toMatchObject({ titleKey: 'widgets.categoryTop', z: 0, options: { kind: 'bar', top: 10 } });
    // the widget's own defaults fill options the file left out
    expect(l.pages[0]!.placements[2]!.options).toEqual({ rows: 60 });
  });

  it('is pure: the input is not changed, and the same input gives the same output', () => {
    const input = structuredClone(V1);
    const a = migrateLayout(input);
    expect(input).toEqual(V1);
    expect(migrateLayout(input)).toEqual(a);
  });

  it('loads the files shipped in layouts/, each at the current version', () => {
    const files = fs.readdirSync(LAYOUTS_DIR).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const l = loadLayout(JSON.parse(fs.readFileSync(path.join(LAYOUTS_DIR, f), 'utf8')));
      expect(`${l.id}.json`, f).toBe(f);
    }
  });

  it('names the version-1 field that stops a migration', () => {
    const bad = structuredClone(V1) as { widgets: Record<string, unknown>[] };
    bad.widgets[1]!.x = 'left';
    expect(issuesOf(() => loadLayout(bad))).toEqual([expect.objectContaining({ path: 'widgets.1.x' })]);
  });
});

describe('bad layouts are refused with the path of what is wrong', () => {
  it('a version newer than the gateway, or none', () => {
    expect(issuesOf(() => loadLayout(current({ schemaVersion: 99 })))[0]).toMatchObject({ path: 'schemaVersion', message: expect.stringContaining('newer') });
    expect(issuesOf(() => loadLayout(current({ schemaVersion: undefined })))[0]!.path).toBe('schemaVersion');
    expect(issuesOf(() => loadLayout([]))[0]!.path).toBe('');
  });

  it('a placement with a negative position, an unknown widget, options its widget refuses', () => {
    expect(issuesOf(() => loadLayout(current({}, { y: -5 }))).map((i) => i.path)).toEqual(['pages.0.placements.0.y']);
    expect(issuesOf(() => loadLayout(current({}, { widget: 'teapot' })))).toEqual([{ path: 'pages.0.placements.0.widget', message: 'unknown widget "teapot"' }]);
    expect(issuesOf(() => loadLayout(current({}, { options: { rows: 0 } }))).map((i) => i.path)).toEqual(['pages.0.placements.0.options.rows']);
    expect(issuesOf(() => loadLayout(current({}, { options: { colour: 'red' } }))).map((i) => i.path)).toEqual(['pages.0.placements.0.options']);
  });

  it('a placement off the design canvas, keys used twice, an unknown field, a bad scale mode', () => {
    expect(issuesOf(() => loadLayout(current({}, { x: 1800 })))[0]).toMatchObject({ path: 'pages.0.placements.0', message: expect.stringContaining('1920×1080') });
    const twice = current();
    const page = (twice.pages as { placements: unknown[] }[])[0]!;
    page.placements.push({ ...(page.placements[0] as object) });
    expect(issuesOf(() => loadLayout(twice)).map((i) => i.path)).toEqual(['pages.0.placements.1.key']);
    expect(issuesOf(() => loadLayout(current({ colour: 'red' })))[0]!.path).toBe('');
    expect(issuesOf(() => loadLayout(current({ scaleMode: 'stretch' })))[0]!.path).toBe('scaleMode');
    expect(issuesOf(() => loadLayout(current({ pages: [] })))[0]!.path).toBe('pages');
  });

  it('the message names the layout and the path', () => {
    expect(() => loadLayout(current({}, { h: 0 }))).toThrow(/^layout a-layout: pages\.0\.placements\.0\.h: /);
  });

  it('a binding: a topic and equality filters', () => {
    const l = loadLayout(current({}, { binding: { topic: 'events', filters: { category: '01' } } }));
    expect(l.pages[0]!.placements[0]!.binding).toEqual({ topic: 'events', filters: { category: '01' } });
    expect(issuesOf(() => loadLayout(current({}, { binding: { filters: {} } })))[0]!.path).toBe('pages.0.placements.0.binding.topic');
  });
});

describe('tiers', () => {
  it('a scope sees layouts of its tier and narrower (for drill-down), and those for any tier', () => {
    expect(tierOfLevel('city')).toBe('city');
    expect(tierOfLevel('community')).toBe('street');
    expect(tierAllows('city', 'street')).toBe(true);
    expect(tierAllows('district', 'city')).toBe(false);
    expect(tierAllows('street', 'district')).toBe(false);
    expect(tierAllows('street', 'any')).toBe(true);
  });
});
