// What the layout editor exchanges with the gateway besides the layouts themselves.
import { z } from 'zod';

/** JSON Schema (2020-12) of one widget's options, as generated from WIDGET_OPTIONS (input side: defaults make every field optional). */
export const OptionsJsonSchema = z.looseObject({ type: z.literal('object'), properties: z.record(z.string(), z.looseObject({})).optional() });
export type OptionsJsonSchema = z.infer<typeof OptionsJsonSchema>;

export const WidgetSchemasResponse = z.object({ widgets: z.record(z.string(), OptionsJsonSchema) });
export type WidgetSchemasResponse = z.infer<typeof WidgetSchemasResponse>;
