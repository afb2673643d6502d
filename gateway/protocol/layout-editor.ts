// What the layout editor exchanges with the gateway besides the layouts themselves.
import { z } from 'zod';
import { Layout } from './layout.js';

/** JSON Schema (2020-12) of one widget's options, as generated from WIDGET_OPTIONS (input side: defaults make every field optional). */
export const OptionsJsonSchema = z.looseObject({ type: z.literal('object'), properties: z.record(z.string(), z.looseObject({})).optional() });
export type OptionsJsonSchema = z.infer<typeof OptionsJsonSchema>;

export const WidgetSchemasResponse = z.object({ widgets: z.record(z.string(), OptionsJsonSchema) });
export type WidgetSchemasResponse = z.infer<typeof WidgetSchemasResponse>;

/**
 * PUT /api/layouts/:id: a new version. `layout` is any layout this gateway can migrate (an
 * exported file, an older schemaVersion); it runs through the same migrate → validate path as
 * the files, and a refusal names `layout.<path>` of what is wrong.
 */
export const PublishBody = z.strictObject({
  layout: z.unknown(),
  /** what changed, for the history */
  message: z.string().trim().min(1, 'say what changed').max(500),
});
export type PublishBody = z.infer<typeof PublishBody>;

export const RestoreBody = z.strictObject({
  /** the version to bring back: 0 is the file in layouts/ as provisioned now */
  version: z.number().int().min(0),
  message: z.string().trim().max(500).optional(),
});
export type RestoreBody = z.infer<typeof RestoreBody>;

/** POST /api/layouts/validate: checks an imported file without storing it. */
export const ValidateLayoutBody = z.strictObject({ layout: z.unknown() });
export const ValidateLayoutResponse = z.object({ layout: Layout });
export type ValidateLayoutResponse = z.infer<typeof ValidateLayoutResponse>;

export const LayoutVersionInfo = z.object({
  version: z.number().int().min(0),
  origin: z.enum(['file', 'stored']),
  /** who published it (null: the file) */
  author: z.string().nullable(),
  at: z.string(),
  message: z.string().nullable(),
  /** the version this one brought back (a restore) */
  restoredFrom: z.number().int().nullable(),
  /** false when it no longer loads (a widget taken away since): never served */
  loads: z.boolean(),
});
export type LayoutVersionInfo = z.infer<typeof LayoutVersionInfo>;

export const LayoutVersionsResponse = z.object({ id: z.string(), current: z.number().int(), versions: z.array(LayoutVersionInfo) });
export type LayoutVersionsResponse = z.infer<typeof LayoutVersionsResponse>;

export const LayoutVersionParams = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes, at most 64'),
  version: z.coerce.number().int().min(0),
});

/** GET /api/layouts/:id/versions/:version: one version as it loads today (for the history's diff). */
export const LayoutVersionResponse = LayoutVersionInfo.extend({ id: z.string(), layout: Layout.nullable() });
export type LayoutVersionResponse = z.infer<typeof LayoutVersionResponse>;

/** What a publish, a restore and an import check answer: the layout as stored and served (current schema, defaults). */
export const PublishedLayout = z.object({ id: z.string(), version: z.number().int().min(0), layout: Layout });
export type PublishedLayout = z.infer<typeof PublishedLayout>;

/** A `/screen` message: a layout was published or restored; screens showing it switch in place. */
export type LayoutPublished = PublishedLayout;
