// The layout editor's routes: publish (PUT), history, one version, restore, checking an
// imported file, and the widgets' option schemas for the property panel. Operators only (the
// `layouts.edit` permission), and only layouts their scope's tier may show. Every layout that
// comes in — published, imported, restored — runs through loadLayout (migrate → validate →
// defaults), the path the files take, and is refused with the path of what is wrong.
import { z } from 'zod';
import { LayoutError, LayoutParams, loadLayout, tierAllows, tierOfLevel, type Layout, type LayoutTier } from '../../protocol/layout.js';
import {
  LayoutVersionParams,
  LayoutVersionResponse,
  LayoutVersionsResponse,
  PublishBody,
  PublishedLayout,
  RestoreBody,
  ValidateLayoutBody,
  ValidateLayoutResponse,
  WidgetSchemasResponse,
  type LayoutPublished,
  type OptionsJsonSchema,
} from '../../protocol/layout-editor.js';
import { levelOf } from '../../protocol/scope.js';
import { WIDGET_OPTIONS } from '../../protocol/widget-options.js';
import type { User } from '../auth/identities.js';
import type { LayoutVersions, VersionRow } from '../db/layout-versions.js';
import { Errors } from '../errors.js';
import type { LayoutCatalog } from '../layouts/layout-catalog.js';
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

export interface EditorRouteDeps {
  catalog: LayoutCatalog;
  versions: LayoutVersions;
  /** sends a published layout to the screens that may show it */
  announce: (published: LayoutPublished) => void;
}

const mayShow = (user: User, tier: LayoutTier) => tierAllows(tierOfLevel(levelOf(user.scope)), tier);

/** loadLayout, its refusal as a 400 naming `<prefix>.<path>` in the body. */
function checked(raw: unknown, prefix: string): Layout {
  try {
    return loadLayout(raw);
  } catch (err) {
    if (!(err instanceof LayoutError)) throw err;
    throw Errors.validation('body', err.issues.map((i) => ({ path: i.path ? `${prefix}.${i.path}` : prefix, message: i.message })));
  }
}

/** A stored version as it loads today, or null when it no longer does. */
function loads(r: VersionRow): Layout | null {
  try {
    return loadLayout(JSON.parse(r.body));
  } catch {
    return null;
  }
}

function info(r: VersionRow, layout: Layout | null) {
  return {
    version: r.version,
    origin: r.version === 0 ? ('file' as const) : ('stored' as const),
    author: r.author,
    at: r.createdAt.toISOString(),
    message: r.message,
    restoredFrom: r.restoredFrom,
    loads: layout !== null,
  };
}

export function editorRoutes(d: EditorRouteDeps): AnyRoute[] {
  const schemas = widgetOptionSchemas();
  const auth = { kind: 'session', permission: 'layouts.edit' } as const;

  /** The layout's newest version, refusing one the user's tier may not show. */
  async function current(id: string, user: User) {
    const cur = await d.catalog.get(id);
    if (cur && !mayShow(user, cur.layout.tier)) throw Errors.outOfScope(`layout ${id} (tier ${cur.layout.tier})`, user.scope);
    return cur;
  }

  async function publish(user: User, ip: string | undefined, layout: Layout, message: string, restoredFrom?: number): Promise<LayoutPublished> {
    const { version } = await d.versions.publish({
      id: layout.id,
      body: JSON.stringify(layout),
      author: user.username,
      role: user.role,
      scope: user.scope,
      message,
      ...(restoredFrom !== undefined ? { restoredFrom } : {}),
      ...(ip ? { ip } : {}),
    });
    const published = { id: layout.id, version, layout };
    d.announce(published);
    return published;
  }

  return [
    defineRoute({
      method: 'get',
      path: '/api/widgets/options',
      tag: 'layouts',
      summary: 'Every widget’s options as JSON Schema (types, ranges, enums, defaults), for the layout editor’s property panel; operators only',
      auth,
      response: WidgetSchemasResponse,
      handle: () => ({ widgets: schemas }),
    }),
    defineRoute({
      method: 'put',
      path: '/api/layouts/:id',
      tag: 'layouts',
      summary:
        'Publish a new version of a layout (operators only): migrated, validated and stored with its author, time and message, audited, and sent to every open screen that may show it (`layout` message). A bad layout is refused with `layout.<path>` of what is wrong',
      auth,
      params: LayoutParams,
      body: PublishBody,
      bodyLimit: '1mb',
      response: PublishedLayout,
      refusals: ['OUT_OF_SCOPE'],
      async handle({ params, body, user, req }) {
        const layout = checked(body.layout, 'layout');
        if (layout.id !== params.id) throw Errors.validation('body', [{ path: 'layout.id', message: `"${layout.id}" is not the layout being published (${params.id})` }]);
        await current(params.id, user);
        if (!mayShow(user, layout.tier)) throw Errors.outOfScope(`a layout of tier ${layout.tier}`, user.scope);
        return publish(user, req.ip, layout, body.message);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/layouts/:id/versions',
      tag: 'layouts',
      summary: 'The versions of a layout, newest first: who published each, when, with what message, whether it still loads; version 0 is the file',
      auth,
      params: LayoutParams,
      response: LayoutVersionsResponse,
      refusals: ['NOT_FOUND', 'OUT_OF_SCOPE'],
      async handle({ params, user }) {
        const cur = await current(params.id, user);
        const rows = await d.versions.list(params.id);
        if (!cur && rows.length === 0) throw Errors.notFound(`layout ${params.id}`);
        return { id: params.id, current: cur?.version ?? -1, versions: rows.map((r) => info(r, loads(r))) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/layouts/:id/versions/:version',
      tag: 'layouts',
      summary: 'One version of a layout as it loads today (null when it no longer loads), for comparing versions',
      auth,
      params: LayoutVersionParams,
      response: LayoutVersionResponse,
      refusals: ['NOT_FOUND', 'OUT_OF_SCOPE'],
      async handle({ params, user }) {
        await current(params.id, user);
        const r = await d.versions.get(params.id, params.version);
        if (!r) throw Errors.notFound(`version ${params.version} of layout ${params.id}`);
        const layout = loads(r);
        return { id: params.id, ...info(r, layout), layout };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/layouts/:id/restore',
      tag: 'layouts',
      summary: 'Bring back an earlier version (0: the file) as a new version, audited and sent to open screens; 409 when that version no longer loads',
      auth,
      params: LayoutParams,
      body: RestoreBody,
      response: PublishedLayout,
      refusals: ['NOT_FOUND', 'OUT_OF_SCOPE', 'CONFLICT'],
      async handle({ params, body, user, req }) {
        await current(params.id, user);
        const r = await d.versions.get(params.id, body.version);
        if (!r) throw Errors.notFound(`version ${body.version} of layout ${params.id}`);
        const layout = loads(r);
        if (!layout) throw Errors.conflict('CONFLICT', `version ${body.version} of layout ${params.id} no longer loads (a widget or option it uses has gone)`);
        if (!mayShow(user, layout.tier)) throw Errors.outOfScope(`a layout of tier ${layout.tier}`, user.scope);
        return publish(user, req.ip, layout, body.message || `restore version ${body.version}`, body.version);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/layouts/validate',
      tag: 'layouts',
      summary: 'Check a layout (an imported file) through migrate → validate without storing it: the layout as it would be stored, or 400 naming `layout.<path>`',
      auth,
      body: ValidateLayoutBody,
      bodyLimit: '1mb',
      response: ValidateLayoutResponse,
      handle: ({ body }) => ({ layout: checked(body.layout, 'layout') }),
    }),
  ];
}
