import { z } from 'zod';
import { MAX_BATCH, type IngestAck } from '../../protocol/events.js';
import type { ErrorDetail } from '../../protocol/errors.js';
import { scopeContains } from '../../protocol/scope.js';
import type { Identities, Source } from '../auth/identities.js';
import type { StreamRegistry } from '../db/streams/registry.js';
import type { AnyStream } from '../db/streams/stream.js';
import type { Writer, WriteJob } from '../db/writer.js';
import { Errors, zodDetails } from '../errors.js';
import type { AreaIndex } from '../geo/areas.js';
import { RateLimiter } from './rate-limiter.js';

/**
 * The one ingest path behind HTTP and Socket.IO, for every stream sources may send:
 * key → size → rate → schema → placement and scope → writer. A batch is all or nothing: one bad
 * item refuses it and nothing is stored.
 */
export class IngestService {
  private readonly limiter = new RateLimiter();
  private readonly batches = new Map<string, z.ZodType>();

  constructor(
    private readonly ids: Identities,
    private readonly areas: AreaIndex,
    private readonly writer: Writer,
    private readonly streams: StreamRegistry,
  ) {
    for (const s of streams.ingestable) this.batches.set(s.name, z.strictObject({ [s.name]: z.array(s.ingest!.item).min(1).max(MAX_BATCH) }));
  }

  /** The names of the streams sources may send (`POST /api/ingest/<name>`, `/ingest` `<name>`). */
  get kinds(): string[] {
    return this.streams.ingestable.map((s) => s.name);
  }

  /** The body `POST /api/ingest/<kind>` takes. */
  batchSchema(kind: string): z.ZodType {
    const schema = this.batches.get(kind);
    if (!schema) throw new Error(`no ingest stream ${kind}`);
    return schema;
  }

  authenticate(key: string | undefined): Source {
    const source = this.ids.source(key);
    if (!source) throw Errors.badKey();
    return source;
  }

  async ingest(kind: string, source: Source, body: unknown): Promise<IngestAck> {
    const stream = this.streams.get(kind);
    const schema = this.batches.get(kind);
    if (!stream || !schema) throw Errors.notFound(`ingest stream ${kind}`);
    const items = (body as Record<string, unknown> | null)?.[kind];
    if (Array.isArray(items) && items.length > MAX_BATCH) throw Errors.tooLarge(`${kind}: ${items.length} items in one batch; at most ${MAX_BATCH}`);
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw Errors.validation('body', zodDetails(parsed.error));
    const list = (parsed.data as Record<string, unknown[]>)[kind]!;
    const wait = this.limiter.take(source.name, list.length, source.ratePerS);
    if (wait > 0) throw Errors.rateLimited(wait);
    return this.writer.submit(this.place(stream, source, list));
  }

  private place(stream: AnyStream, source: Source, list: unknown[]): WriteJob {
    const bad: ErrorDetail[] = [];
    const outside: ErrorDetail[] = [];
    const items: WriteJob['items'] = [];
    list.forEach((item, i) => {
      const at = `${stream.name}.${i}`;
      const r = stream.ingest!.place(item as never, this.areas);
      if ('issues' in r) {
        for (const issue of r.issues) bad.push({ path: issue.path ? `${at}.${issue.path}` : at, message: issue.message });
        return;
      }
      if (!scopeContains(source.scope, r.areaCode)) outside.push({ path: at, message: `placed in ${r.areaCode}, outside the source's scope ${source.scope}` });
      items.push({ item, placed: r });
    });
    if (bad.length) throw Errors.validation('body', bad);
    if (outside.length) throw Errors.outOfScope(`${outside.length} of the ${stream.name}`, source.scope, outside);
    return { stream, source: source.name, items };
  }
}
