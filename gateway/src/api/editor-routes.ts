// The layout editor's routes. The widgets' option schemas go to the editor as JSON Schema: the
// screen builds its property panel from them without carrying the schema library.
import { z } from 'zod';
import { WidgetSchemasResponse, type OptionsJsonSchema } from '../../protocol/layout-editor.js';
import { WIDGET_OPTIONS } from '../../protocol/widget-options.js';
import { defineRoute, type AnyRoute } from './route.js';

/** Each widget's options as JSON Schema, input side (what a layout may write). */
export function widgetOptionSchemas(): Record<string, OptionsJsonSchema> {
  return Object.fromEntries(
    Object.entries(WIDGET_OPTIONS).map(([id, schema]) => {
      const { $schema: _s, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as OptionsJsonSchema;
      return [id, json];
    }),
  );
}

export function editorRoutes(): AnyRoute[] {
  const schemas = widgetOptionSchemas();
  return [
    defineRoute({
      method: 'get',
      path: '/api/widgets/options',
      tag: 'layouts',
      summary: 'Every widget’s options as JSON Schema (types, ranges, enums, defaults), for the layout editor’s property panel; operators only',
      auth: { kind: 'session', permission: 'layouts.edit' },
      response: WidgetSchemasResponse,
      handle: () => ({ widgets: schemas }),
    }),
  ];
}
