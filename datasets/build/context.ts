/**
 * What the generators need to know about a city beyond its polygons: the seed of every random
 * stream, the metric frame geometry is done in, and where the city is dense (which drives grid
 * sizes, buildings, cameras and base data). The demo city's is fixed; a built city derives its own.
 */
import { SHENZHEN_FRAME, type Frame } from './geo.js';
import { density, type DensityFn } from './density.js';

export interface GenContext { seed: string; frame: Frame; density: DensityFn }

export const SHENZHEN_SEED = 'gridcommand-shenzhen-v1';
export const SHENZHEN: GenContext = { seed: SHENZHEN_SEED, frame: SHENZHEN_FRAME, density };
