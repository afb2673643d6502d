import { describe, expect, it } from 'vitest';
import { decodeBuildings, encodeBuildings } from '../../../../gateway/protocol/buildings-format.js';
import { BuildingIndex, caseColour, changedBuildings, openCasesByBuilding } from './building-cases.js';

// two square blocks side by side (100 m apart) and an L-shaped one whose notch is outside it
const square = (lon: number, lat: number, d = 0.0004): [number, number][] => [
  [lon, lat],
  [lon + d, lat],
  [lon + d, lat + d],
  [lon, lat + d],
];
const L: [number, number][] = [
  [114.2, 22.5],
  [114.2006, 22.5],
  [114.2006, 22.5002],
  [114.2002, 22.5002],
  [114.2002, 22.5006],
  [114.2, 22.5006],
];
const b = decodeBuildings(encodeBuildings([
  { ring: square(114.1, 22.5), height: 30, gridCode: '440303001001' },
  { ring: square(114.101, 22.5), height: 60, gridCode: '440303001001' },
  { ring: L, height: 12, gridCode: '440303001002' },
]));
const index = new BuildingIndex(b);
const at = (lon: number, lat: number) => b.footprint(index.buildingAt(lon, lat));

describe('open cases per building', () => {
  it('finds the footprint a point lies in, and none in the street or in an L’s notch', () => {
    expect(at(114.1002, 22.5002)).toEqual(square(114.1, 22.5));
    expect(at(114.1012, 22.5001)).toEqual(square(114.101, 22.5));
    expect(index.buildingAt(114.1006, 22.5002)).toBe(-1); // between the two blocks
    expect(at(114.2001, 22.5005)).toEqual(L);
    expect(index.buildingAt(114.2004, 22.5004)).toBe(-1); // the notch
  });

  it('counts open cases per building, leaving out cases outside every building', () => {
    const first = index.buildingAt(114.1002, 22.5002);
    const second = index.buildingAt(114.1012, 22.5001);
    const counts = openCasesByBuilding(index, [
      { lon: 114.1001, lat: 22.5001 },
      { lon: 114.1003, lat: 22.5003 },
      { lon: 114.1012, lat: 22.5001 },
      { lon: 114.15, lat: 22.55 },
    ]);
    expect([...counts.entries()].sort()).toEqual([[first, 2], [second, 1]].sort());
  });

  it('recolours only the buildings whose count changed', () => {
    expect(changedBuildings(new Map([[0, 2], [1, 1]]), new Map([[0, 2], [2, 1]])).sort()).toEqual([1, 2]);
    expect(changedBuildings(new Map([[0, 1]]), new Map([[0, 2]]))).toEqual([0]);
    expect(changedBuildings(new Map(), new Map())).toEqual([]);
  });

  it('colours more cases hotter', () => {
    expect(caseColour(0)).not.toEqual(caseColour(1));
    expect(caseColour(1)).not.toEqual(caseColour(2));
    expect(caseColour(3)).toEqual(caseColour(7));
  });
});
