// A window of a spliced wall names its place in the route:
// /screen?wall=<id>&rows=2&cols=2&tile=0,1[&bezel=40[,30]] (bezel: the frame between panels, in window pixels).
import type { WallAuth } from '../net/protocol.js';
import type { WallTile } from './canvas-scale.js';

export interface WallWindow {
  auth: WallAuth;
  tile: WallTile;
}

const int = (v: unknown, min: number, max: number): number | null => {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
};

/** The wall this window is a tile of, or null (no wall, or a malformed one: then the window is a screen of its own). */
export function parseWallQuery(query: Record<string, unknown>): WallWindow | null {
  const id = query.wall;
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
  const rows = int(query.rows, 1, 16);
  const cols = int(query.cols, 1, 16);
  const [r, c, ...rest] = typeof query.tile === 'string' ? query.tile.split(',') : [];
  const row = int(r, 0, 15);
  const col = int(c, 0, 15);
  if (rows === null || cols === null || row === null || col === null || rest.length || row >= rows || col >= cols) return null;
  const [bx, by] = typeof query.bezel === 'string' ? query.bezel.split(',') : [];
  const bezelX = int(bx, 0, 1000) ?? 0;
  const bezelY = int(by, 0, 1000) ?? bezelX;
  return { auth: { id, rows, cols, tile: [row, col] }, tile: { rows, cols, row, col, bezelX, bezelY } };
}
