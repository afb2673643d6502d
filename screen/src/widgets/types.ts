import type { Component } from 'vue';

/** A widget type, described as data: the registry key, what it renders, what it needs. */
export interface WidgetDefinition<O extends object = Record<string, unknown>> {
  id: string;
  /** i18n key of the panel title */
  titleKey: string;
  component: Component;
  defaultOptions: O;
  /** smallest useful size on the 1920×1080 canvas, in canvas pixels */
  minSize: { w: number; h: number };
  /** the size a new placement gets (the editor's drop), in canvas pixels */
  defaultSize?: { w: number; h: number };
}

export function defineWidget<O extends object>(def: WidgetDefinition<O>): WidgetDefinition<O> {
  return def;
}
