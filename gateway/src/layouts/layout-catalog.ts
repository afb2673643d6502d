// The layouts screens may show. At start every `layouts/*.json` is loaded (migrated, validated
// with its widgets' option schemas) and provisioned into DuckDB as version 0 of its id; a bad
// file stops the start with the file and the path of what is wrong, as a bad city.json does.
// A stored version of the same id (the editor's) overrides the file.
import fs from 'node:fs';
import path from 'node:path';
import { LayoutError, loadLayout, type Layout } from '../../protocol/layout.js';
import type { LayoutRow, LayoutStore } from '../db/layout-store.js';
import type { Logger } from '../log.js';

export interface CatalogEntry {
  layout: Layout;
  version: number;
  origin: 'file' | 'stored';
  updatedAt: Date;
}

/** Reads and checks every layout file of a folder; throws naming the file and the path. */
export function readLayoutFiles(dir: string): { id: string; body: string; layout: Layout }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const file = path.join(dir, f);
      let raw: unknown;
      try {
        raw = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (err) {
        throw new Error(`layout file ${f}: not valid JSON: ${(err as Error).message}`);
      }
      let layout: Layout;
      try {
        layout = loadLayout(raw);
      } catch (err) {
        throw new Error(`layout file ${f}: ${err instanceof LayoutError ? err.message : String(err)}`, { cause: err });
      }
      if (`${layout.id}.json` !== f) throw new Error(`layout file ${f}: id "${layout.id}" does not match the file name`);
      return { id: layout.id, body: JSON.stringify(raw), layout };
    });
}

export class LayoutCatalog {
  private constructor(
    private readonly store: LayoutStore,
    private readonly log: Logger,
  ) {}

  /** Provisions the folder's files into the store (before the gateway listens). */
  static async open(store: LayoutStore, dir: string, log: Logger): Promise<LayoutCatalog> {
    const files = readLayoutFiles(dir);
    await store.provision(files);
    log.info({ layouts: files.map((f) => f.id) }, 'layouts provisioned');
    return new LayoutCatalog(store, log);
  }

  /** The newest loadable version of every layout. */
  async all(): Promise<CatalogEntry[]> {
    const latest = await this.store.latest();
    const out: CatalogEntry[] = [];
    for (const r of latest) {
      const e = this.entry(r) ?? (await this.get(r.id));
      if (e) out.push(e);
    }
    return out;
  }

  /** The newest loadable version of one layout, or null. */
  async get(id: string): Promise<CatalogEntry | null> {
    for (const r of await this.store.versions(id)) {
      const e = this.entry(r);
      if (e) return e;
    }
    return null;
  }

  /** A stored version that no longer loads (a widget removed since) is skipped for the one below it, never served broken. */
  private entry(r: LayoutRow): CatalogEntry | null {
    try {
      const layout = loadLayout(JSON.parse(r.body));
      return { layout, version: r.version, origin: r.version === 0 ? 'file' : 'stored', updatedAt: r.createdAt };
    } catch (err) {
      this.log.warn({ id: r.id, version: r.version, err: (err as Error).message }, 'stored layout does not load: skipped');
      return null;
    }
  }
}
