// The editor's REST calls (operators only): the widgets' option schemas, publishing, the
// history, one version, restoring, and checking an imported file.
import { request } from '../net/api.js';
import type { LayoutVersionResponse, LayoutVersionsResponse, PublishedLayout, ValidateLayoutResponse, WidgetSchemasResponse } from '../net/protocol.js';

const id = (s: string) => encodeURIComponent(s);

export const editorApi = {
  widgetSchemas: () => request<WidgetSchemasResponse>('/api/widgets/options'),
  publish: (layoutId: string, layout: unknown, message: string) => request<PublishedLayout>(`/api/layouts/${id(layoutId)}`, { method: 'PUT', body: { layout, message } }),
  versions: (layoutId: string) => request<LayoutVersionsResponse>(`/api/layouts/${id(layoutId)}/versions`),
  version: (layoutId: string, version: number) => request<LayoutVersionResponse>(`/api/layouts/${id(layoutId)}/versions/${version}`),
  restore: (layoutId: string, version: number) => request<PublishedLayout>(`/api/layouts/${id(layoutId)}/restore`, { body: { version } }),
  /** an imported file through the gateway's migrate → validate: the layout, or an ApiError naming layout.<path> */
  validate: (layout: unknown) => request<ValidateLayoutResponse>('/api/layouts/validate', { body: { layout } }),
};
