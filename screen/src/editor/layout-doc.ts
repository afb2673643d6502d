// Between the stored layout (gateway/protocol/layout.ts) and the editor's document: pages
// become pages, placements items stacked by z, placement keys item ids. What the editor does
// not edit (titles by language, page names in the other language) rides along unchanged.
import type { Layout, LayoutPage, Placement } from '../net/protocol.js';
import type { EditorDoc, EditorItem, EditorPage } from './model/document.js';

const pageName = (p: LayoutPage, locale: string) => p.name?.[locale.startsWith('en') ? 'en' : 'zh-CN'] ?? p.name?.['zh-CN'] ?? p.name?.en ?? p.key;

export function layoutToDoc(layout: Layout, locale = 'zh-CN'): EditorDoc {
  return {
    canvas: { width: layout.design.width, height: layout.design.height },
    pages: layout.pages.map(
      (p): EditorPage => ({
        id: p.key,
        name: pageName(p, locale),
        ...(p.name ? { extra: { name: p.name } } : {}),
        items: [...p.placements]
          .map((pl, i) => ({ pl, i }))
          .sort((a, b) => a.pl.z - b.pl.z || a.i - b.i)
          .map(({ pl }): EditorItem => {
            const { key, widget, x, y, w, h, z: _z, options, titleKey, binding, hidden, locked, group, ...extra } = pl;
            return {
              id: key,
              widget,
              x,
              y,
              w,
              h,
              options,
              ...(titleKey ? { titleKey } : {}),
              ...(binding ? { binding } : {}),
              ...(hidden ? { hidden } : {}),
              ...(locked ? { locked } : {}),
              ...(group ? { group } : {}),
              ...(Object.keys(extra).length ? { extra } : {}),
            };
          }),
      }),
    ),
  };
}

/** The document as a layout to publish: `base` gives what the editor does not change (id, names, tier, scale mode, carousel). */
export function docToLayout(doc: EditorDoc, base: Layout, locale = 'zh-CN'): Layout {
  const lang = locale.startsWith('en') ? 'en' : 'zh-CN';
  return {
    ...base,
    design: { width: doc.canvas.width, height: doc.canvas.height },
    pages: doc.pages.map((p): LayoutPage => {
      const old = (p.extra?.name ?? {}) as LayoutPage['name'];
      const renamed = pageName({ key: p.id, placements: [], ...(old ? { name: old } : {}) }, locale) !== p.name;
      const name = renamed || !old ? { ...old, [lang]: p.name } : old;
      return {
        key: p.id,
        name,
        placements: p.items.map((it, z): Placement => ({
          ...(it.extra ?? {}),
          key: it.id,
          widget: it.widget,
          x: it.x,
          y: it.y,
          w: it.w,
          h: it.h,
          z,
          options: { ...it.options },
          ...(it.titleKey ? { titleKey: it.titleKey } : {}),
          ...(it.binding ? { binding: { topic: it.binding.topic, filters: { ...it.binding.filters } } } : {}),
          ...(it.hidden ? { hidden: true } : {}),
          ...(it.locked ? { locked: true } : {}),
          ...(it.group ? { group: it.group } : {}),
        })),
      };
    }),
  };
}
