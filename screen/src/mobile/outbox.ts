// Everything the worker sends that must not be lost — reports and their actions on cases, with
// photos — goes through the outbox: stored first, sent when the network allows, removed only
// once the gateway confirmed it. Repeats are harmless: photos are stored by content hash, a
// report by its id, and a transition the case has already taken is recognised as done.
import { ref } from 'vue';
import { outboxDb, type OutboxItem } from './outbox-db.js';
import { ApiError, isTransient, loadSession, phoneApi } from './mobile-api.js';

export type { OutboxItem };

/** What is still waiting (and what the gateway refused), oldest first. */
export const outbox = ref<OutboxItem[]>([]);
export const sending = ref(false);

const sentListeners: ((item: OutboxItem) => void)[] = [];
/** Calls `fn` for every item the gateway confirmed; returns how to stop. */
export function onSent(fn: (item: OutboxItem) => void): () => void {
  sentListeners.push(fn);
  return () => sentListeners.splice(sentListeners.indexOf(fn) >>> 0, 1);
}

export async function refreshOutbox(): Promise<void> {
  outbox.value = await outboxDb.all();
}

export async function enqueue(item: Omit<OutboxItem, 'attempts' | 'uploaded' | 'createdAt'>): Promise<void> {
  await outboxDb.put({ ...item, attempts: 0, uploaded: [], createdAt: new Date().toISOString() });
  await refreshOutbox();
  void flushOutbox();
}

export async function discard(id: string): Promise<void> {
  await outboxDb.remove(id);
  await refreshOutbox();
}

async function sendOne(item: OutboxItem): Promise<void> {
  while (item.photos.length) {
    const { url } = await phoneApi.upload(item.photos[0]!);
    item.uploaded.push(url);
    item.photos.shift();
    await outboxDb.put(item);
  }
  if (item.kind === 'report' && item.report) {
    await phoneApi.report({ ...item.report, ...(item.uploaded.length ? { media: item.uploaded } : {}) });
    return;
  }
  if (item.kind === 'transition' && item.caseId && item.action) {
    try {
      await phoneApi.transition(item.caseId, { action: item.action, ...(item.note ? { note: item.note } : {}), ...(item.uploaded.length ? { attachments: item.uploaded } : {}) });
    } catch (err) {
      // sent before, but the answer was lost: the case is already where this action leads
      if (err instanceof ApiError && err.code === 'NOT_ALLOWED_FROM_STATE' && item.to) {
        const now = await phoneApi.event(item.caseId);
        if (now.timeline.some((r) => r.action === item.action && r.actor.kind === 'worker' && r.note === (item.note ?? null))) return;
      }
      throw err;
    }
  }
}

let running: Promise<void> | null = null;
let again = false;

/** Sends what is waiting, in order; stops at the first network failure (the rest waits with it). */
export function flushOutbox(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    sending.value = true;
    try {
      do {
        again = false;
        for (const item of await outboxDb.all()) {
          // another account's items wait for that account (a shared phone)
          if (item.failed || item.owner !== loadSession()?.user.username) continue;
          try {
            await sendOne(item);
            await outboxDb.remove(item.id);
            for (const fn of sentListeners) fn(item);
          } catch (err) {
            item.attempts += 1;
            if (!isTransient(err)) item.failed = err instanceof Error ? err.message : String(err);
            await outboxDb.put(item);
            if (!item.failed) break;
          } finally {
            await refreshOutbox();
          }
        }
      } while (again);
    } finally {
      sending.value = false;
      running = null;
    }
  })();
  return running;
}

/** Sends when the network returns, and every `everyMs` meanwhile (a captive portal says "online" too early). */
export function startOutbox(everyMs = 15_000): () => void {
  const go = () => void flushOutbox();
  window.addEventListener('online', go);
  const timer = setInterval(go, everyMs);
  void refreshOutbox().then(go);
  return () => {
    window.removeEventListener('online', go);
    clearInterval(timer);
  };
}
