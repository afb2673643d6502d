// Which events the feed lists: the newest `rows` of the selected category (大类 or 小类: a code
// prefix), with the picked event held first while it is picked. Events arrive in bursts of more
// than a screenful; the picked one scrolled out of the list within seconds and no tile of a
// wall still showed which event the screen had selected.
export interface FeedEvent {
  id: string;
  category: string;
}

export function inCategory(category: string | null, code: string): boolean {
  return category === null || code.startsWith(category);
}

export function feedRows<T extends FeedEvent>(feed: readonly T[], opts: { rows: number; category: string | null; picked: T | null }): T[] {
  const out: T[] = [];
  const { picked } = opts;
  if (picked) out.push(picked);
  for (const e of feed) {
    if (out.length >= opts.rows) break;
    if (e.id === picked?.id || !inCategory(opts.category, e.category)) continue;
    out.push(e);
  }
  return out;
}
