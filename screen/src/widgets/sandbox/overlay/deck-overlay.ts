// The deck.gl overlay over the Cesium canvas: events as a heatmap or hexagon columns, grid
// workers' trajectories (TripsLayer) at a chosen time, and dispatch arcs from the command
// centre to the cases it dispatched. Its view is set from the Cesium camera after every Cesium
// frame (view-sync.ts); it draws only when its layers or view change.
import { Deck, MapView } from '@deck.gl/core';
import { HeatmapLayer, HexagonLayer } from '@deck.gl/aggregation-layers';
import { TripsLayer } from '@deck.gl/geo-layers';
import { ArcLayer } from '@deck.gl/layers';
import type { DeckViewState } from '../view-sync.js';
import type { Trip } from './trips.js';

export interface EventPoint {
  lon: number;
  lat: number;
  weight: number;
}

export interface Arc {
  id: string;
  from: [number, number];
  to: [number, number];
}

export interface OverlayState {
  events: readonly EventPoint[];
  eventMode: 'heatmap' | 'hexagon' | 'none';
  trips: readonly Trip[] | null;
  /** seconds from the trips' period start: the heads are here */
  tripTime: number;
  /** how many seconds of path behind each head stay drawn */
  trailSeconds: number;
  arcs: readonly Arc[];
}

export const TRIP_COLOUR: [number, number, number] = [255, 170, 40];

export class DeckOverlay {
  readonly deck: Deck<MapView>;
  private state: OverlayState = { events: [], eventMode: 'heatmap', trips: null, tripTime: 0, trailSeconds: 600, arcs: [] };

  /** `pixelRatio`: device pixels per CSS pixel, as the Cesium canvas under it draws */
  constructor(parent: HTMLDivElement, viewState: DeckViewState, pixelRatio = 1) {
    this.deck = new Deck({
      parent,
      views: new MapView({ repeat: false }),
      viewState,
      controller: false,
      width: '100%',
      height: '100%',
      // a drawing buffer the probe can read back, at the same pixel ratio as the Cesium canvas
      useDevicePixels: pixelRatio,
      deviceProps: { type: 'webgl', webgl: { preserveDrawingBuffer: true } },
      style: { pointerEvents: 'none', position: 'absolute', left: '0', top: '0' },
      layers: [],
    });
  }

  setPixelRatio(ratio: number): void {
    this.deck.setProps({ useDevicePixels: ratio });
  }

  setView(viewState: DeckViewState): void {
    this.deck.setProps({ viewState });
  }

  update(next: Partial<OverlayState>): void {
    this.state = { ...this.state, ...next };
    this.deck.setProps({ layers: this.layers() });
  }

  private layers() {
    const s = this.state;
    const out = [];
    if (s.eventMode === 'heatmap' && s.events.length > 0) {
      out.push(
        new HeatmapLayer<EventPoint>({
          id: 'events-heat',
          data: s.events,
          getPosition: (d) => [d.lon, d.lat],
          getWeight: (d) => d.weight,
          radiusPixels: 40,
          intensity: 1.2,
          threshold: 0.04,
          opacity: 0.55,
        }),
      );
    }
    if (s.eventMode === 'hexagon' && s.events.length > 0) {
      out.push(
        new HexagonLayer<EventPoint>({
          id: 'events-hex',
          data: s.events,
          getPosition: (d) => [d.lon, d.lat],
          getElevationWeight: (d) => d.weight,
          radius: 400,
          extruded: true,
          elevationScale: 60,
          coverage: 0.85,
          opacity: 0.6,
          colorRange: [
            [1, 152, 189],
            [73, 227, 206],
            [216, 254, 181],
            [254, 237, 177],
            [254, 173, 84],
            [209, 55, 78],
          ],
        }),
      );
    }
    if (s.trips) {
      out.push(
        new TripsLayer<Trip>({
          id: 'trips',
          data: s.trips,
          getPath: (d) => d.path,
          getTimestamps: (d) => d.timestamps,
          getColor: TRIP_COLOUR,
          widthMinPixels: 5,
          capRounded: true,
          jointRounded: true,
          fadeTrail: true,
          trailLength: s.trailSeconds,
          currentTime: s.tripTime,
          pickable: true,
        }),
      );
    }
    if (s.arcs.length > 0) {
      out.push(
        new ArcLayer<Arc>({
          id: 'dispatch-arcs',
          data: s.arcs,
          getSourcePosition: (d) => d.from,
          getTargetPosition: (d) => d.to,
          getSourceColor: [63, 169, 255, 220],
          getTargetColor: [34, 211, 238, 255],
          getWidth: 3,
          getHeight: 0.5,
        }),
      );
    }
    return out;
  }

  /** Whether a layer draws at a pixel of the overlay (CSS pixels of its canvas): deck's own picking. */
  drawnAt(layerId: string, x: number, y: number, radius = 6): boolean {
    return this.deck.pickObject({ x, y, radius, layerIds: [layerId] }) !== null;
  }

  destroy(): void {
    this.deck.finalize();
  }
}
