import type { z } from 'zod';
import { IngestEventBatch, MAX_BATCH, type IngestAck } from '../../protocol/events.js';
import { CameraBatch, PositionBatch, StatBatch } from '../../protocol/feeds.js';
import { scopeContains } from '../../protocol/scope.js';
import type { Identities, Source } from '../auth/identities.js';
import type { Writer, WriteJob } from '../db/writer.js';
import { Errors, GatewayError, zodDetails } from '../errors.js';
import type { AreaIndex, Placement } from '../geo/areas.js';
import { RateLimiter } from './rate-limiter.js';

export const INGEST_KINDS = ['events', 'positions', 'cameras', 'stats'] as const;
export type IngestKind = (typeof INGEST_KINDS)[number];

const SCHEMAS: Record<IngestKind, z.ZodType> = {
  events: IngestEventBatch,
  positions: PositionBatch,
  cameras: CameraBatch,
  stats: StatBatch,
};

type Issue = { path: string; message: string };

/**
 * The one ingest path behind HTTP and Socket.IO: key → size → rate → schema → placement and
 * scope → writer. A batch is all or nothing: one bad item refuses it and nothing is stored.
 */
export class IngestService {
  private readonly limiter = new RateLimiter();

  constructor(
    private readonly ids: Identities,
    private readonly areas: AreaIndex,
    private readonly writer: Writer,
    /** the event classes of the city's table; an empty set accepts any 4-digit code */
    private readonly categories: ReadonlySet<string> = new Set(),
    /** the filing + dispatch deadline of a new case (SLA), or null */
    private readonly dispatchDeadline: (category: string, urgency: 'normal' | 'urgent', occurredMs: number) => number | null = () => null,
  ) {}

  authenticate(key: string | undefined): Source {
    const source = this.ids.source(key);
    if (!source) throw Errors.badKey();
    return source;
  }

  async ingest(kind: IngestKind, source: Source, body: unknown): Promise<IngestAck> {
    const items = (body as Record<string, unknown> | null)?.[kind];
    if (Array.isArray(items) && items.length > MAX_BATCH) {
      throw Errors.tooLarge(`${kind}: ${items.length} items in one batch; at most ${MAX_BATCH}`);
    }
    const parsed = SCHEMAS[kind].safeParse(body);
    if (!parsed.success) throw Errors.validation('body', zodDetails(parsed.error));
    const wait = this.limiter.take(source.name, (parsed.data as Record<IngestKind, unknown[]>)[kind].length, source.ratePerS);
    if (wait > 0) throw Errors.rateLimited(wait);
    return this.writer.submit(this.place(kind, source, parsed.data));
  }

  private place(kind: IngestKind, source: Source, data: unknown): WriteJob {
    const bad: Issue[] = [];
    const outside: Issue[] = [];
    const locate = (i: number, lon: number, lat: number, gridCode?: string): Placement | null => {
      let place: Placement | null;
      if (gridCode !== undefined) {
        place = this.areas.placementOf(gridCode);
        if (!place) bad.push({ path: `${kind}.${i}.gridCode`, message: `unknown grid ${gridCode}` });
      } else {
        place = this.areas.place(lon, lat);
        if (!place) bad.push({ path: `${kind}.${i}`, message: `location ${lon},${lat} is outside the city's areas` });
      }
      if (place && !scopeContains(source.scope, place.areaCode)) {
        outside.push({ path: `${kind}.${i}`, message: `placed in ${place.areaCode}, outside the source's scope ${source.scope}` });
      }
      return place;
    };
    let job: WriteJob;
    switch (kind) {
      case 'events': {
        const { events } = data as z.infer<typeof IngestEventBatch>;
        if (this.categories.size) {
          events.forEach((e, i) => {
            if (!this.categories.has(e.category)) bad.push({ path: `events.${i}.category`, message: `unknown event class ${e.category}` });
          });
        }
        job = {
          kind,
          source: source.name,
          items: events.map((event, i) => ({
            event,
            place: locate(i, event.lon, event.lat, event.gridCode)!,
            deadlineMs: this.dispatchDeadline(event.category, event.urgency, Date.parse(event.occurredAt)),
          })),
        };
        break;
      }
      case 'positions': {
        const { positions } = data as z.infer<typeof PositionBatch>;
        job = { kind, source: source.name, items: positions.map((position, i) => ({ position, place: locate(i, position.lon, position.lat)! })) };
        break;
      }
      case 'cameras': {
        const { cameras } = data as z.infer<typeof CameraBatch>;
        job = { kind, source: source.name, items: cameras.map((camera, i) => ({ camera, place: locate(i, camera.lon, camera.lat)! })) };
        break;
      }
      case 'stats': {
        const { stats } = data as z.infer<typeof StatBatch>;
        stats.forEach((s, i) => {
          if (!this.areas.has(s.areaCode)) bad.push({ path: `stats.${i}.areaCode`, message: `unknown area ${s.areaCode}` });
          else if (!scopeContains(source.scope, s.areaCode)) outside.push({ path: `stats.${i}.areaCode`, message: `${s.areaCode} is outside the source's scope ${source.scope}` });
        });
        job = { kind, source: source.name, items: stats };
        break;
      }
    }
    if (bad.length) throw Errors.validation('body', bad);
    if (outside.length) throw Errors.outOfScope(`${outside.length} of the ${kind}`, source.scope, outside);
    return job;
  }
}

export function isGatewayError(err: unknown): err is GatewayError {
  return err instanceof GatewayError;
}
