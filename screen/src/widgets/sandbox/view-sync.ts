// The deck.gl view that matches a Cesium camera: both are perspective cameras looking at the
// same ground point from the same distance, pitch and heading, with the same vertical field of
// view. Pure math so it is tested without a GPU; the benchmark measures what is left (Web
// Mercator against the ellipsoid) as sandbox.align_max_px.

/** deck.gl's Web Mercator world is 512 units wide at zoom 0 */
const TILE_SIZE = 512;
const EARTH_CIRCUMFERENCE_M = 40_075_016.686;

export interface CameraPose {
  /** the ground point under the canvas centre */
  lon: number;
  lat: number;
  /** from the camera to that point, in metres */
  distanceM: number;
  /** Cesium heading (clockwise from north) and pitch (−π/2 looks straight down), radians */
  heading: number;
  pitch: number;
  /** vertical field of view, radians */
  fovy: number;
  /** canvas height in CSS pixels */
  heightPx: number;
}

export interface DeckViewState {
  longitude: number;
  latitude: number;
  zoom: number;
  pitch: number;
  bearing: number;
  /** camera distance in viewport heights: deck's way of stating the field of view */
  altitude: number;
}

export function deckViewState(p: CameraPose): DeckViewState {
  const altitude = 0.5 / Math.tan(p.fovy / 2);
  const metresPerPixel = p.distanceM / (altitude * p.heightPx);
  const zoom = Math.log2((EARTH_CIRCUMFERENCE_M * Math.cos((p.lat * Math.PI) / 180)) / (TILE_SIZE * metresPerPixel));
  const bearing = ((((p.heading * 180) / Math.PI + 180) % 360) + 360) % 360 - 180;
  return {
    longitude: p.lon,
    latitude: p.lat,
    zoom,
    // deck: 0 looks straight down; Cesium: −90°
    pitch: Math.min(85, Math.max(0, 90 + (p.pitch * 180) / Math.PI)),
    bearing,
    altitude,
  };
}
