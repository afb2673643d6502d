import { describe, expect, it } from 'vitest';
import type { Layout } from '../net/protocol.js';
import { docToLayout, layoutToDoc } from './layout-doc.js';
import { EditorModel } from './model/editor.js';

const CITY = Object.values(import.meta.glob<{ default: Layout }>('../../../layouts/city-command.json', { eager: true }))[0]!.default;

const base: Layout = {
  schemaVersion: 2,
  id: 'x',
  name: { 'zh-CN': '测', en: 'T' },
  tier: 'city',
  design: { width: 1920, height: 1080 },
  scaleMode: 'fit',
  carousel: { intervalS: 30, resumeAfterS: 60 },
  pages: [
    {
      key: 'main',
      name: { 'zh-CN': '概览', en: 'Overview' },
      placements: [
        { key: 'top', widget: 'event-feed', x: 10, y: 20, w: 300, h: 200, z: 3, options: { rows: 9 }, title: { en: 'Mine' }, binding: { topic: 'events', filters: { area: '440303', urgent: true } } },
        { key: 'under', widget: 'totals', x: 0, y: 0, w: 100, h: 100, z: -2, options: {}, hidden: true, locked: true, group: 'g1' },
      ],
    },
  ],
};

describe('layout ↔ editor document', () => {
  it('stacks by z, keeps what the editor does not edit, and comes back as it went in (z renumbered)', () => {
    const doc = layoutToDoc(base);
    expect(doc.pages[0]!.items.map((i) => i.id)).toEqual(['under', 'top']);
    expect(doc.pages[0]!.name).toBe('概览');
    expect(layoutToDoc(base, 'en').pages[0]!.name).toBe('Overview');
    const back = docToLayout(doc, base);
    expect(back.pages[0]!.placements).toEqual([
      { key: 'under', widget: 'totals', x: 0, y: 0, w: 100, h: 100, z: 0, options: {}, hidden: true, locked: true, group: 'g1' },
      { key: 'top', widget: 'event-feed', x: 10, y: 20, w: 300, h: 200, z: 1, options: { rows: 9 }, title: { en: 'Mine' }, binding: { topic: 'events', filters: { area: '440303', urgent: true } } },
    ]);
    expect(back.pages[0]!.name).toEqual({ 'zh-CN': '概览', en: 'Overview' });
    expect({ ...back, pages: [] }).toEqual({ ...base, pages: [] });
  });

  it('a shipped layout survives the round trip unchanged but for z', () => {
    const back = docToLayout(layoutToDoc(CITY as Layout), CITY as Layout);
    const norm = (l: Layout) => l.pages.map((p) => p.placements.map(({ z: _z, options, ...pl }) => ({ ...pl, options: options ?? {} })).sort((a, b) => a.key.localeCompare(b.key)));
    expect(norm(back)).toEqual(norm(CITY as Layout));
  });

  it('renaming a page changes the current language’s name only; edits publish as placements', () => {
    const ed = new EditorModel(layoutToDoc(base));
    ed.renamePage('main', '总览');
    const page2 = ed.addPage('第二页');
    const id = ed.add({ widget: 'alert-list', options: { rows: 5 }, x: 100, y: 100, w: 400, h: 300 });
    const out = docToLayout(ed.doc, base);
    expect(out.pages[0]!.name).toEqual({ 'zh-CN': '总览', en: 'Overview' });
    expect(out.pages[1]).toEqual({ key: page2, name: { 'zh-CN': '第二页' }, placements: [{ key: id, widget: 'alert-list', x: 100, y: 100, w: 400, h: 300, z: 0, options: { rows: 5 } }] });
  });
});
