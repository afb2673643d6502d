import { describe, expect, it } from 'vitest';
import type { CameraView } from '../../net/protocol.js';
import { retryDelayMs } from './backoff.js';
import { pageOf, wallCameras } from './wall-cameras.js';

const cam = (id: string, lon: number, lat: number, areaCode: string, status: CameraView['status'] = 'online'): CameraView => ({
  seq: 1, id, source: 's', name: id, lon, lat, gridCode: null, areaCode, hlsUrl: `/video/${id}.m3u8`, status, statusBy: 'source',
});

describe('the cameras a video wall pages through', () => {
  const all = [cam('c', 114.2, 22.6, '440304001'), cam('a', 114.1, 22.5, '440303001', 'offline'), cam('b', 114.12, 22.52, '440303002'), cam('d', 114.101, 22.501, '440303001')];

  it('takes the selected area, online cameras first, and orders them by distance around a picked event', () => {
    expect(wallCameras(all, { area: null, near: null }).map((c) => c.id)).toEqual(['b', 'c', 'd', 'a']);
    expect(wallCameras(all, { area: '440303', near: null }).map((c) => c.id)).toEqual(['b', 'd', 'a']);
    expect(wallCameras(all, { area: null, near: { lon: 114.1, lat: 22.5 } }).map((c) => c.id)).toEqual(['d', 'b', 'c', 'a']);
  });

  it('pages with wrap-around', () => {
    const list = Array.from({ length: 20 }, (_, i) => i);
    expect(pageOf(list, 16, 0)).toEqual({ items: list.slice(0, 16), page: 0, pages: 2 });
    expect(pageOf(list, 16, 1).items).toEqual([16, 17, 18, 19]);
    expect(pageOf(list, 16, 2).page).toBe(0);
    expect(pageOf([], 4, 3)).toEqual({ items: [], page: 0, pages: 1 });
  });

  it('backs off 1, 2, 4 … 30 s with jitter', () => {
    expect([1, 2, 3, 6, 10].map((n) => retryDelayMs(n, () => 0.5))).toEqual([1000, 2000, 4000, 30000, 30000]);
    expect(retryDelayMs(1, () => 0)).toBe(800);
  });
});
