// At most `max` live hls.js players (each one holds a decoder, buffers and a worker) on the
// whole screen, however many tiles want one: a tile asks for a player when it is to play and
// hands it back when it goes off-screen, off the page, hidden or away; waiting tiles try again
// when one is handed back.
import Hls, { type HlsConfig } from 'hls.js';
import { reactive, readonly } from 'vue';

/** Live camera streams: the lowest level that fits the tile, short buffers, a quick start near the edge. */
export const LIVE_CONFIG: Partial<HlsConfig> = {
  capLevelToPlayerSize: true,
  maxBufferLength: 6,
  maxMaxBufferLength: 10,
  backBufferLength: 4,
  liveSyncDurationCount: 2,
  liveMaxLatencyDurationCount: 5,
  manifestLoadingMaxRetry: 1,
  levelLoadingMaxRetry: 2,
  fragLoadingMaxRetry: 2,
  enableWorker: true,
};

const stats = reactive({ alive: 0, peak: 0, created: 0 });
let max = 16;
const players = new Set<Hls>();

export const playerStats = readonly(stats);

export function setPoolLimit(n: number): void {
  max = Math.max(1, Math.floor(n));
}

/** A new player for `video` playing `url`, or null while the pool is full (watch `playerStats.alive`). */
export function openPlayer(video: HTMLVideoElement, url: string): Hls | null {
  if (players.size >= max || !Hls.isSupported()) return null;
  const hls = new Hls(LIVE_CONFIG);
  players.add(hls);
  stats.alive = players.size;
  stats.peak = Math.max(stats.peak, players.size);
  stats.created++;
  hls.attachMedia(video);
  hls.loadSource(url);
  return hls;
}

/** Destroys a player and frees its decoder: the element keeps no source. */
export function closePlayer(hls: Hls, video: HTMLVideoElement | null): void {
  if (!players.delete(hls)) return;
  hls.destroy();
  if (video) {
    video.removeAttribute('src');
    video.load();
  }
  stats.alive = players.size;
}
