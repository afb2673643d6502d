import { DENSITY_CENTRES } from './seeds.js';

/** Urban intensity in (0, ~1.2]: a floor plus Gaussian bumps at the downtowns of seeds.ts. */
export function density(lon: number, lat: number): number {
  let d = 0.06;
  const kx = 111.32 * Math.cos((22.6 * Math.PI) / 180);
  for (const c of DENSITY_CENTRES) {
    const dx = (lon - c.lon) * kx, dy = (lat - c.lat) * 110.57;
    d += c.weight * Math.exp(-(dx * dx + dy * dy) / (2 * c.sigmaKm * c.sigmaKm));
  }
  return Math.min(d, 1.2);
}
