import { DENSITY_CENTRES } from './seeds.js';

/** A Gaussian bump of urban intensity: a downtown. */
export interface DensityCentre { lon: number; lat: number; weight: number; sigmaKm: number }
export type DensityFn = (lon: number, lat: number) => number;

/** Urban intensity in (0, ~1.2]: a floor plus Gaussian bumps at the given downtowns (distances on the parallel `lat0`). */
export function densityOf(centres: readonly DensityCentre[], lat0: number): DensityFn {
  const kx = 111.32 * Math.cos((lat0 * Math.PI) / 180);
  return (lon, lat) => {
    let d = 0.06;
    for (const c of centres) {
      const dx = (lon - c.lon) * kx, dy = (lat - c.lat) * 110.57;
      d += c.weight * Math.exp(-(dx * dx + dy * dy) / (2 * c.sigmaKm * c.sigmaKm));
    }
    return Math.min(d, 1.2);
  };
}

/** Shenzhen's urban intensity: bumps at the downtowns of seeds.ts. */
export const density: DensityFn = densityOf(DENSITY_CENTRES, 22.6);
