// The layout model: what a command-center screen shows, as data. A layout file (or a version an
// editor stored) carries its own integer `schemaVersion`; loading it runs the pure migration
// steps up to the current version, then validates (every placement's options against its
// widget's own schema) and fills in defaults. A bad layout is refused with the path of what is
// wrong. The gateway loads layouts; the screen receives them already current and imports only
// the types.
import { z } from 'zod';
import { WIDGET_OPTIONS, isWidgetId } from './widget-options.js';

export { DEFAULT_LAYOUT_BY_TIER, tierAllows, tierOfLevel } from './layout-tiers.js';

export const LAYOUT_SCHEMA_VERSION = 2;

/** Which command center a layout is made for: a layout of a tier is offered to scopes of that tier and wider. */
export const LayoutTier = z.enum(['city', 'district', 'street', 'any']);
export type LayoutTier = z.infer<typeof LayoutTier>;

/** How the design canvas meets the window (docs/layouts.md). */
export const ScaleMode = z.enum(['fit', 'fill-width', 'fill-height', 'none']);
export type ScaleMode = z.infer<typeof ScaleMode>;

const LayoutId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes, at most 64');
const Names = z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) }).strict();
const px = z.number().int().min(0).max(32_768);

/** What a placement's data follows: a topic of the gateway and filters on it. The screen's scope narrows every binding. */
export const DataBinding = z
  .object({
    /** a stream or statistic of the gateway: events, alerts, positions, cameras, stats, kpi… */
    topic: z.string().min(1),
    /** equality filters on the topic (category, status, area…); an area wider than the screen's scope is narrowed to it */
    filters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  })
  .strict();
export type DataBinding = z.infer<typeof DataBinding>;

export const Placement = z
  .object({
    /** unique on its page: the editor and a wall's messages refer to placements by key */
    key: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and -, at most 64'),
    /** a widget id of the registry (WIDGET_OPTIONS) */
    widget: z.string().min(1),
    x: px,
    y: px,
    w: px.min(1),
    h: px.min(1),
    /** stacking order: higher draws above */
    z: z.number().int().min(-1000).max(1000).default(0),
    /** the panel's title in each language, overriding the widget type's */
    title: z.object({ 'zh-CN': z.string().optional(), en: z.string().optional() }).strict().optional(),
    /** an i18n key of the screen overriding the widget type's title */
    titleKey: z.string().optional(),
    /** checked against the widget's own options schema; its defaults fill what is left out */
    options: z.record(z.string(), z.unknown()).default({}),
    binding: DataBinding.optional(),
    /** kept in the layout but not drawn (the editor's hide) */
    hidden: z.boolean().optional(),
    /** the editor does not move it with the pointer */
    locked: z.boolean().optional(),
    /** placements sharing a group are selected and moved together in the editor */
    group: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and -, at most 64').optional(),
  })
  .strict();
export type Placement = z.infer<typeof Placement>;

export const LayoutPage = z
  .object({
    key: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and -, at most 64'),
    name: Names.partial().optional(),
    placements: z.array(Placement).max(200),
  })
  .strict();
export type LayoutPage = z.infer<typeof LayoutPage>;

export const Layout = z
  .object({
    schemaVersion: z.literal(LAYOUT_SCHEMA_VERSION),
    id: LayoutId,
    name: Names,
    tier: LayoutTier.default('any'),
    /** the design canvas, in design pixels: placements are laid out on it */
    design: z.object({ width: z.number().int().min(320).max(32_768), height: z.number().int().min(240).max(32_768) }).strict().default({ width: 1920, height: 1080 }),
    scaleMode: ScaleMode.default('fit'),
    pages: z.array(LayoutPage).min(1).max(20),
    /** pages turn every intervalS seconds (0: never), held for resumeAfterS after someone touches the screen */
    carousel: z
      .object({ intervalS: z.number().int().min(0).max(86_400).default(0), resumeAfterS: z.number().int().min(0).max(3600).default(60) })
      .strict()
      .default({ intervalS: 0, resumeAfterS: 60 }),
  })
  .strict();
export type Layout = z.infer<typeof Layout>;

// ---- migrations: one pure step per version; each takes the previous version's shape --------

/** Version 1: one page of `widgets` on a `canvas`, titles as i18n keys. */
const LayoutV1 = z.object({
  schemaVersion: z.literal(1),
  id: z.string(),
  name: z.record(z.string(), z.string()),
  canvas: z.object({ width: z.number(), height: z.number() }).optional(),
  widgets: z.array(
    z.object({
      key: z.string(),
      widget: z.string(),
      x: z.number(),
      y: z.number(),
      w: z.number(),
      h: z.number(),
      titleKey: z.string().optional(),
      options: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
});

/** `LAYOUT_MIGRATIONS[v]` turns a version-v layout into version v+1; its input is checked first, so paths name the old file's fields. */
export const LAYOUT_MIGRATIONS: Readonly<Record<number, { from: z.ZodType; step: (old: never) => Record<string, unknown> }>> = {
  1: {
    from: LayoutV1,
    step: (v1: z.infer<typeof LayoutV1>) => ({
      schemaVersion: 2,
      id: v1.id,
      name: v1.name,
      tier: 'any',
      ...(v1.canvas ? { design: { width: v1.canvas.width, height: v1.canvas.height } } : {}),
      scaleMode: 'fit',
      pages: [{ key: 'main', placements: v1.widgets.map((w) => ({ ...w, z: 0 })) }],
    }),
  },
};

export interface LayoutIssue {
  /** dotted path into the layout as given (`pages.0.placements.3.options.rows`) */
  path: string;
  message: string;
}

export class LayoutError extends Error {
  readonly issues: readonly LayoutIssue[];
  constructor(id: string | undefined, issues: readonly LayoutIssue[]) {
    const first = issues.slice(0, 3).map((i) => `${i.path || '(root)'}: ${i.message}`);
    super(`layout${id ? ` ${id}` : ''}: ${first.join('; ')}${issues.length > 3 ? ` (+${issues.length - 3} more)` : ''}`);
    this.name = 'LayoutError';
    this.issues = issues;
  }
}

const issuesOf = (err: z.ZodError, prefix: readonly PropertyKey[] = []): LayoutIssue[] =>
  err.issues.map((i) => ({ path: [...prefix, ...i.path].map(String).join('.'), message: i.message }));

/** Runs the migration steps from the layout's own version up to the current one. Pure; throws LayoutError. */
export function migrateLayout(raw: unknown): Record<string, unknown> {
  const id = idOf(raw);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new LayoutError(id, [{ path: '', message: 'expected a JSON object' }]);
  let doc = raw as Record<string, unknown>;
  const given = doc.schemaVersion;
  if (typeof given !== 'number' || !Number.isInteger(given) || given < 1) {
    throw new LayoutError(id, [{ path: 'schemaVersion', message: `expected an integer ≥ 1, got ${JSON.stringify(given)}` }]);
  }
  let version = given;
  if (version > LAYOUT_SCHEMA_VERSION) {
    throw new LayoutError(id, [{ path: 'schemaVersion', message: `${version} is newer than this gateway's ${LAYOUT_SCHEMA_VERSION}` }]);
  }
  while (version < LAYOUT_SCHEMA_VERSION) {
    const m = LAYOUT_MIGRATIONS[version];
    if (!m) throw new LayoutError(id, [{ path: 'schemaVersion', message: `no migration from version ${version}` }]);
    const checked = m.from.safeParse(doc);
    if (!checked.success) throw new LayoutError(id, issuesOf(checked.error));
    doc = m.step(checked.data as never);
    version = doc.schemaVersion as number;
  }
  return doc;
}

/** Load = migrate → validate (placements' options against their widgets' schemas) → defaults. Throws LayoutError naming every path wrong. */
export function loadLayout(raw: unknown): Layout {
  const id = idOf(raw);
  const parsed = Layout.safeParse(migrateLayout(raw));
  if (!parsed.success) throw new LayoutError(id, issuesOf(parsed.error));
  const layout = parsed.data;
  const issues: LayoutIssue[] = [];
  layout.pages.forEach((page, p) => {
    const seen = new Set<string>();
    page.placements.forEach((pl, i) => {
      const at = `pages.${p}.placements.${i}`;
      if (seen.has(pl.key)) issues.push({ path: `${at}.key`, message: `"${pl.key}" is used twice on this page` });
      seen.add(pl.key);
      if (pl.x + pl.w > layout.design.width || pl.y + pl.h > layout.design.height) {
        issues.push({ path: at, message: `reaches beyond the ${layout.design.width}×${layout.design.height} design canvas` });
      }
      if (!isWidgetId(pl.widget)) {
        issues.push({ path: `${at}.widget`, message: `unknown widget "${pl.widget}"` });
        return;
      }
      const options = WIDGET_OPTIONS[pl.widget].safeParse(pl.options);
      if (options.success) pl.options = options.data as Record<string, unknown>;
      else issues.push(...issuesOf(options.error, [...at.split('.'), 'options']));
    });
  });
  if (new Set(layout.pages.map((p) => p.key)).size !== layout.pages.length) issues.push({ path: 'pages', message: 'page keys must be unique' });
  if (issues.length > 0) throw new LayoutError(layout.id, issues);
  return layout;
}

function idOf(raw: unknown): string | undefined {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}

// ---- the REST answers ----------------------------------------------------------------------

export const LayoutSummary = z.object({
  id: z.string(),
  name: Names,
  tier: LayoutTier,
  /** 0: the provisioned file; 1 and up: versions stored by the editor */
  version: z.number().int().min(0),
  pages: z.number().int().min(1),
});
export type LayoutSummary = z.infer<typeof LayoutSummary>;

export const LayoutsResponse = z.object({ layouts: z.array(LayoutSummary) });
export type LayoutsResponse = z.infer<typeof LayoutsResponse>;

export const LayoutParams = z.object({ id: LayoutId });

export const LayoutResponse = z.object({
  version: z.number().int().min(0),
  origin: z.enum(['file', 'stored']),
  updatedAt: z.string(),
  layout: Layout,
});
export type LayoutResponse = z.infer<typeof LayoutResponse>;
