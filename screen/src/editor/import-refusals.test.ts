// An exported layout edited by hand and imported again runs through the gateway's load path
// (POST /api/layouts/validate, PUT /api/layouts/:id call the same loadLayout): every refusal
// names the path of what is wrong in the file as given.
import { describe, expect, it } from 'vitest';
import { LayoutError, loadLayout, type Layout } from '../../../gateway/protocol/layout.js';
import { docToLayout, layoutToDoc } from './layout-doc.js';
import { EditorModel } from './model/editor.js';

const CITY = Object.values(import.meta.glob<{ default: unknown }>('../../../layouts/city-command.json', { eager: true }))[0]!.default;

function refusal(raw: unknown): { path: string; message: string }[] {
  try {
    loadLayout(raw);
  } catch (err) {
    if (err instanceof LayoutError) return [...err.issues];
    throw err;
  }
  throw new Error('accepted');
}

describe('importing an exported layout', () => {
  const layout = loadLayout(CITY);
  const exported = () => JSON.parse(JSON.stringify(docToLayout(layoutToDoc(layout), layout))) as Layout & Record<string, unknown>;

  it('accepts what the editor exports, edits included', () => {
    const ed = new EditorModel(layoutToDoc(layout));
    ed.select([ed.page.items[0]!.id]);
    ed.group();
    ed.setHidden(true);
    ed.addPage('二');
    ed.add({ widget: 'event-feed', options: { rows: 7 }, x: 0, y: 100, w: 500, h: 500 });
    const back = loadLayout(JSON.parse(JSON.stringify(docToLayout(ed.doc, layout))));
    expect(back.pages).toHaveLength(2);
    expect(back.pages[1]!.placements[0]).toMatchObject({ widget: 'event-feed', options: { rows: 7 } });
  });

  it('refuses with the exact path: an option out of range, an unknown widget, an unknown field, a duplicate key', () => {
    const a = exported();
    const feed = a.pages[0]!.placements.findIndex((p) => p.widget === 'event-feed');
    a.pages[0]!.placements[feed]!.options = { rows: 0 };
    expect(refusal(a)).toEqual([{ path: `pages.0.placements.${feed}.options.rows`, message: expect.stringMatching(/>=1|≥ ?1|too small/i) }]);

    const b = exported();
    b.pages[0]!.placements[1]!.widget = 'teapot';
    expect(refusal(b)).toEqual([{ path: 'pages.0.placements.1.widget', message: 'unknown widget "teapot"' }]);

    const c = exported() as unknown as { pages: { placements: Record<string, unknown>[] }[] };
    c.pages[0]!.placements[2]!.colour = 'red';
    expect(refusal(c).map((i) => i.path)).toEqual(['pages.0.placements.2']);

    const d = exported();
    d.pages[0]!.placements[3]!.key = d.pages[0]!.placements[0]!.key;
    expect(refusal(d)).toEqual([{ path: 'pages.0.placements.3.key', message: `"${d.pages[0]!.placements[0]!.key}" is used twice on this page` }]);
  });

  it('refuses a file of another schema with paths of its own fields', () => {
    expect(refusal({ schemaVersion: 1, id: 'old', name: {}, widgets: [{ key: 'a', widget: 'totals', x: '0', y: 0, w: 1, h: 1 }] }).map((i) => i.path)).toEqual(['widgets.0.x']);
    expect(refusal({ ...exported(), schemaVersion: 3 })).toEqual([{ path: 'schemaVersion', message: "3 is newer than this gateway's 2" }]);
    expect(refusal([])).toEqual([{ path: '', message: 'expected a JSON object' }]);
  });
});
