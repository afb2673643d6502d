// The big-screen layout is data: layouts/big-screen.json places widgets of the registry on the
// 1920×1080 canvas. (Versions, the editor and per-tier layouts come with the layout work.)
import bigScreen from '../../../layouts/big-screen.json';

export interface WidgetPlacement {
  key: string;
  widget: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** i18n key overriding the widget type's title */
  titleKey?: string;
  options?: Record<string, unknown>;
}

export interface ScreenLayout {
  schemaVersion: 1;
  id: string;
  name: Record<string, string>;
  canvas: { width: number; height: number };
  widgets: WidgetPlacement[];
}

export const HEADER_HEIGHT = 96;

/** Checks the shape of a layout file, naming the first thing wrong. */
export function parseLayout(raw: unknown): ScreenLayout {
  const l = raw as Partial<ScreenLayout> | null;
  if (!l || l.schemaVersion !== 1) throw new Error(`layout: schemaVersion ${String(l?.schemaVersion)} is not 1`);
  if (!Array.isArray(l.widgets)) throw new Error(`layout ${l.id}: widgets must be an array`);
  l.widgets.forEach((w, i) => {
    for (const k of ['x', 'y', 'w', 'h'] as const) {
      if (typeof w[k] !== 'number' || !(w[k] >= 0)) throw new Error(`layout ${l.id}: widgets.${i}.${k} must be a number ≥ 0`);
    }
    if (typeof w.key !== 'string' || typeof w.widget !== 'string') throw new Error(`layout ${l.id}: widgets.${i} needs a key and a widget id`);
  });
  return l as ScreenLayout;
}

export const DEFAULT_LAYOUT = parseLayout(bigScreen);
export const DEFAULT_SCREEN_LAYOUT: readonly WidgetPlacement[] = DEFAULT_LAYOUT.widgets;
