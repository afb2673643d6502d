// A binding's live preview: what the screen holds right now of the bound topic, narrowed by
// the binding's filters (area: a code prefix; category: a class prefix; status: exact).
import type { AlertView, EventView } from '../net/protocol.js';

export const BINDING_TOPICS = ['events', 'alerts'] as const;
export type BindingTopic = (typeof BINDING_TOPICS)[number];

export interface PreviewRows {
  count: number;
  /** the newest few, as one line each */
  sample: { id: string; text: string }[];
}

const SAMPLE = 5;

export function bindingPreview(
  topic: BindingTopic,
  filters: Readonly<Record<string, string | number | boolean>>,
  held: { events: readonly EventView[]; alerts: readonly AlertView[] },
): PreviewRows | null {
  const text = (k: string) => (filters[k] === undefined ? '' : String(filters[k]));
  const [area, category, status] = [text('area'), text('category'), text('status')];
  if (topic === 'events') {
    const rows = held.events.filter(
      (e) =>
        // the narrowest code an event has lies inside every area that contains it
        (!area || (e.gridCode ?? e.streetCode).startsWith(area)) &&
        (!category || e.category.startsWith(category)) &&
        (!status || e.status === status),
    );
    return { count: rows.length, sample: rows.slice(0, SAMPLE).map((e) => ({ id: e.id, text: `${e.status} · ${e.category} · ${e.title}` })) };
  }
  if (topic === 'alerts') {
    const rows = held.alerts.filter(
      (a) => (!area || a.areaCode.startsWith(area)) && (!category || (a.category ?? '').startsWith(category)) && (!status || (status === 'open' ? a.ackedAt === null : status === 'acked' ? a.ackedAt !== null : a.kind === status)),
    );
    return { count: rows.length, sample: rows.slice(0, SAMPLE).map((a) => ({ id: a.id, text: `${a.kind} · ${a.areaCode} · ${a.message}` })) };
  }
  return null;
}
