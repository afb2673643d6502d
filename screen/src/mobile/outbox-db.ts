// The phone's outbox in IndexedDB: what the worker made that the gateway has not yet confirmed.
// It survives a closed tab, a reload and a dead network; photos are kept as Blobs beside it.
import type { ReportBody } from '../net/protocol.js';

export interface OutboxItem {
  /** the client's id: a report's `id` (the gateway's idempotency key), or the transition's own */
  id: string;
  kind: 'report' | 'transition';
  /** the account that made it: sent only under that account's session */
  owner: string;
  createdAt: string;
  /** what the list shows */
  label: string;
  /** resized photos not yet uploaded */
  photos: Blob[];
  /** photos already uploaded (kept, so a retry does not send them again) */
  uploaded: string[];
  report?: Omit<ReportBody, 'media'>;
  caseId?: string;
  action?: 'start' | 'return' | 'feedback';
  /** the status the action leads to: a retry that finds the case there is done */
  to?: string;
  note?: string;
  attempts: number;
  /** the gateway refused it (not a network failure): shown, kept until the worker discards it */
  failed?: string;
}

const DB = 'gridcommand-mobile';
const STORE = 'outbox';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
  });
}

let dbp: Promise<IDBDatabase> | null = null;

async function tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  dbp ??= open();
  const db = await dbp;
  return new Promise<T>((resolve, reject) => {
    const t = db.transaction(STORE, mode);
    const req = fn(t.objectStore(STORE));
    // resolved once the transaction is durable, not when the request succeeds
    t.oncomplete = () => resolve(req.result);
    t.onerror = () => reject(t.error ?? new Error('IndexedDB write failed'));
    t.onabort = () => reject(t.error ?? new Error('IndexedDB write aborted'));
  });
}

export const outboxDb = {
  put: (item: OutboxItem) => tx('readwrite', (s) => s.put(item)).then(() => undefined),
  remove: (id: string) => tx('readwrite', (s) => s.delete(id)).then(() => undefined),
  /** oldest first: sent in the order they were made */
  all: async () => ((await tx('readonly', (s) => s.getAll())) as OutboxItem[]).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
};
