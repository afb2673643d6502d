import { describe, expect, it } from 'vitest';
import { parseWallQuery } from './wall-query.js';

describe('parseWallQuery', () => {
  it('reads the wall, its size, the tile and the bezel', () => {
    expect(parseWallQuery({ wall: 'hall', rows: '2', cols: '2', tile: '0,1' })).toEqual({
      auth: { id: 'hall', rows: 2, cols: 2, tile: [0, 1] },
      tile: { rows: 2, cols: 2, row: 0, col: 1, bezelX: 0, bezelY: 0 },
    });
    expect(parseWallQuery({ wall: 'hall', rows: '1', cols: '2', tile: '0,0', bezel: '40' })!.tile).toMatchObject({ bezelX: 40, bezelY: 40 });
    expect(parseWallQuery({ wall: 'hall', rows: '2', cols: '1', tile: '1,0', bezel: '0,30' })!.tile).toMatchObject({ bezelX: 0, bezelY: 30 });
  });

  it('is no wall when anything is missing or off the grid', () => {
    expect(parseWallQuery({})).toBeNull();
    expect(parseWallQuery({ wall: 'hall', rows: '2', cols: '2', tile: '2,0' })).toBeNull();
    expect(parseWallQuery({ wall: 'hall', rows: '2', cols: '2', tile: '0' })).toBeNull();
    expect(parseWallQuery({ wall: 'hall', rows: '0', cols: '2', tile: '0,0' })).toBeNull();
    expect(parseWallQuery({ wall: 'a b', rows: '1', cols: '2', tile: '0,0' })).toBeNull();
  });
});
