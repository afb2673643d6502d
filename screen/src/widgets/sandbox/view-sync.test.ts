import { describe, expect, it } from 'vitest';
import { deckViewState } from './view-sync.js';

describe('deckViewState', () => {
  const base = { lon: 114.1, lat: 22.55, distanceM: 10_000, heading: 0, pitch: -Math.PI / 2, fovy: (36.87 * Math.PI) / 180, heightPx: 1000 };

  it('looks straight down from the same distance with the same field of view', () => {
    const v = deckViewState(base);
    expect(v.pitch).toBeCloseTo(0, 6);
    expect(v.bearing).toBeCloseTo(0, 6);
    expect(v.altitude).toBeCloseTo(1.5, 2);
    // 10 km seen by 1000 px at altitude 1.5: 6.67 m per pixel → zoom ≈ 14.4 at 22.55°N
    const mpp = (40_075_016.686 * Math.cos((22.55 * Math.PI) / 180)) / (512 * 2 ** v.zoom);
    expect(mpp).toBeCloseTo(10_000 / 1500, 3);
  });

  it('halves the distance: one zoom level in', () => {
    expect(deckViewState({ ...base, distanceM: 5000 }).zoom - deckViewState(base).zoom).toBeCloseTo(1, 6);
  });

  it('maps Cesium pitch and heading to deck pitch and bearing', () => {
    const v = deckViewState({ ...base, pitch: -Math.PI / 6, heading: (270 * Math.PI) / 180 });
    expect(v.pitch).toBeCloseTo(60, 6);
    expect(v.bearing).toBeCloseTo(-90, 6);
  });
});
