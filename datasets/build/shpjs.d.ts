// shpjs ships no types: the two parsers the importer uses.
declare module 'shpjs' {
  /** Shapes of a .shp as GeoJSON geometries (null for null shapes); with a proj4 converter, inverted through it. */
  export function parseShp(shp: ArrayBuffer | ArrayBufferView, prj?: string): unknown[];
  /** Records of a .dbf as objects; `encoding` is a TextDecoder label or a .cpg's content. */
  export function parseDbf(dbf: ArrayBuffer | ArrayBufferView, encoding?: string): Record<string, unknown>[];
}
