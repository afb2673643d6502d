import KDBush from 'kdbush';
import { around } from 'geokdbush';
import turfDistance from '@turf/distance';
import type { PositionView } from '../../protocol/feeds.js';
import type { PositionQueries } from '../db/position-queries.js';
import type { Writer } from '../db/writer.js';

/** How far back the locator looks at start: a worker silent longer than this is nowhere now. */
const START_WINDOW_MS = 24 * 3600_000;

export interface NearbyWorker {
  workerId: string;
  lon: number;
  lat: number;
  ts: string;
  gridCode: string | null;
  distanceM: number;
}

/**
 * Where every grid worker is now (their latest position), with a spatial index for "the nearest
 * on-duty workers to this case". Follows the positions stream's commits; the index is rebuilt
 * on the first question after a change, never per position.
 */
export class WorkerLocator {
  private readonly latest = new Map<string, PositionView>();
  private index: { tree: KDBush; points: PositionView[] } | null = null;

  static async load(queries: PositionQueries, writer: Writer, cityScope = ''): Promise<WorkerLocator> {
    const l = new WorkerLocator();
    for (const p of await queries.latest(cityScope, Date.now() - START_WINDOW_MS)) l.update(p);
    writer.onCommit((changes) => {
      for (const run of changes.runs) if (run.stream === 'positions') for (const v of run.views) l.update(v as PositionView);
    });
    return l;
  }

  update(p: PositionView): void {
    const held = this.latest.get(p.workerId);
    if (held && Date.parse(held.ts) >= Date.parse(p.ts)) return;
    this.latest.set(p.workerId, p);
    this.index = null;
  }

  /** The `limit` nearest workers that `accept` admits, nearest first, with distances in metres. */
  nearest(lon: number, lat: number, limit: number, accept: (p: PositionView) => boolean = () => true): NearbyWorker[] {
    if (!this.index) {
      const points = [...this.latest.values()];
      const tree = new KDBush(points.length || 1);
      for (const p of points) tree.add(p.lon, p.lat);
      if (!points.length) tree.add(0, 0); // KDBush needs one point; the filter below drops it
      tree.finish();
      this.index = { tree, points };
    }
    const { tree, points } = this.index;
    const ids = around(tree, lon, lat, limit, Infinity, (i) => i < points.length && accept(points[i]!));
    return ids.map((i) => {
      const p = points[i]!;
      return { workerId: p.workerId, lon: p.lon, lat: p.lat, ts: p.ts, gridCode: p.gridCode, distanceM: Math.round(turfDistance([lon, lat], [p.lon, p.lat], { units: 'meters' })) };
    });
  }

  get size(): number {
    return this.latest.size;
  }
}
