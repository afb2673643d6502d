import { loadCity, type CityData } from '../../datasets/load.js';

export type { CityData };

/** The embedded city the gateway serves, read through the dataset's own loader. */
export function openCity(dir: string): CityData {
  return loadCity(dir);
}

/** A file a smaller city (a test fixture, an imported city) may not have: its fallback when absent. */
export function optional<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw err;
  }
}
