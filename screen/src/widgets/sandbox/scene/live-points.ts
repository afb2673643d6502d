// Live objects as points in one long-lived PointPrimitiveCollection per kind: a change moves or
// restyles the point it concerns, a new id adds one, a gone id removes one. The collection is
// never rebuilt, so a busy feed costs what changed, not what is shown.
import { Cartesian3, Color, PointPrimitiveCollection, type PointPrimitive } from '@cesium/engine';
import type { Rgba } from '../marks.js';

export interface PointSpec {
  id: string;
  lon: number;
  lat: number;
  colour: Rgba;
  outline: Rgba | null;
  size: number;
  /** any string that changes when the look changes (status, urgency…), to skip untouched points */
  look: string;
}

export interface PickTag {
  kind: 'event' | 'camera' | 'worker' | 'device';
  id: string;
}

const colourOf = (c: Rgba) => Color.fromBytes(c[0], c[1], c[2], c[3]);

export class LivePoints {
  readonly collection = new PointPrimitiveCollection();
  private readonly held = new Map<string, { point: PointPrimitive; lon: number; lat: number; look: string }>();

  constructor(private readonly kind: PickTag['kind']) {}

  /** Makes the points exactly `specs`; answers whether anything changed (the scene then renders once). */
  sync(specs: Iterable<PointSpec>): boolean {
    let changed = false;
    const seen = new Set<string>();
    for (const s of specs) {
      seen.add(s.id);
      const h = this.held.get(s.id);
      if (h && h.lon === s.lon && h.lat === s.lat && h.look === s.look) continue;
      changed = true;
      const position = Cartesian3.fromDegrees(s.lon, s.lat, 6);
      const style = {
        pixelSize: s.size,
        color: colourOf(s.colour),
        outlineColor: s.outline ? colourOf(s.outline) : Color.fromBytes(2, 6, 15, 200),
        outlineWidth: s.outline ? 4 : 1,
      };
      if (h) {
        h.point.position = position;
        Object.assign(h.point, style);
        h.lon = s.lon;
        h.lat = s.lat;
        h.look = s.look;
      } else {
        const tag: PickTag = { kind: this.kind, id: s.id };
        // drawn over buildings, so a case behind a tower can still be seen and clicked
        const point = this.collection.add({ position, id: tag, disableDepthTestDistance: Number.POSITIVE_INFINITY, ...style });
        this.held.set(s.id, { point, lon: s.lon, lat: s.lat, look: s.look });
      }
    }
    for (const [id, h] of this.held) {
      if (seen.has(id)) continue;
      this.collection.remove(h.point);
      this.held.delete(id);
      changed = true;
    }
    return changed;
  }

  has(id: string): boolean {
    return this.held.has(id);
  }

  lookOf(id: string): string | null {
    return this.held.get(id)?.look ?? null;
  }

  get size(): number {
    return this.held.size;
  }
}
