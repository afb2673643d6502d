// The demo's cameras as live streams: a VOD clip's segments looped into a sliding-window HLS
// playlist whose media sequence advances with wall-clock time and that never ends, so players
// behave as with a real camera (live edge, reloads, discontinuities at each loop).
import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';

export interface VodPlaylist {
  targetDuration: number;
  segments: { uri: string; duration: number }[];
}

/** The segments of a VOD media playlist (EXTINF + URI lines); null when it is not one. */
export function parseVod(text: string): VodPlaylist | null {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  if (lines[0] !== '#EXTM3U') return null;
  const segments: VodPlaylist['segments'] = [];
  let duration: number | null = null;
  let target = 0;
  for (const line of lines) {
    if (line.startsWith('#EXT-X-TARGETDURATION:')) target = Number(line.slice(22));
    else if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(line.slice(8));
    else if (line && !line.startsWith('#') && duration !== null) {
      segments.push({ uri: line, duration });
      duration = null;
    }
  }
  if (!segments.length || segments.some((s) => !(s.duration > 0))) return null;
  return { targetDuration: Math.max(target, Math.ceil(Math.max(...segments.map((s) => s.duration)))), segments };
}

/**
 * The live window at `nowMs` (from the stream's start): the last `window` segments completed since
 * then, the clip repeating forever. Segment k (counted from the epoch) is clip segment k mod n of loop ⌊k / n⌋;
 * each loop starts with a discontinuity (its timestamps start again).
 */
export function livePlaylist(vod: VodPlaylist, nowMs: number, window: number, uriOf: (uri: string) => string): string {
  const n = vod.segments.length;
  const loopS = vod.segments.reduce((s, x) => s + x.duration, 0);
  const nowS = nowMs / 1000;
  const loop = Math.floor(nowS / loopS);
  // segments of the current loop that have completed
  let done = 0;
  for (let t = loop * loopS; done < n && t + vod.segments[done]!.duration <= nowS; done++) t += vod.segments[done]!.duration;
  const completed = loop * n + done;
  const w = Math.min(window, n);
  const first = Math.max(0, completed - w);
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${vod.targetDuration}`,
    `#EXT-X-MEDIA-SEQUENCE:${first}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${Math.floor(first / n)}`,
  ];
  for (let k = first; k < completed; k++) {
    const seg = vod.segments[k % n]!;
    if (k % n === 0 && k !== first) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXTINF:${seg.duration.toFixed(6)},`, uriOf(seg.uri));
  }
  return `${lines.join('\n')}\n`;
}

const LIVE_PREFIX = '/video/live/';

/** The live URL of a clip served under /video/ (the demo's cameras); any other URL — a real camera's — is returned untouched. */
export function liveUrlOf(hlsUrl: string): string {
  return hlsUrl.startsWith('/video/') && !hlsUrl.startsWith(LIVE_PREFIX) && hlsUrl.endsWith('.m3u8') ? `${LIVE_PREFIX}${hlsUrl.slice(7)}` : hlsUrl;
}

/** Segments listed in a live playlist (a window of 4 × 2 s: players start ~6 s behind the edge). */
const LIVE_WINDOW = 4;

/**
 * GET /video/live/<path>.m3u8: the clip /video/<path>.m3u8 as a live stream (its segments stay
 * where they are). The streams start with the gateway, as cameras switched on then: media
 * and discontinuity sequences counted from the Unix epoch (~10⁹, ~10⁸) freeze hls.js 1.7.
 */
export function liveVideoRouter(videoDir: string, now: () => number = Date.now): Router {
  // as if switched on a minute before: the first playlist already holds a full window
  const startedAt = now() - 60_000;
  const router = express.Router();
  const parsed = new Map<string, VodPlaylist>();
  router.get(/^\/video\/live\/(.+\.m3u8)$/, (req, res) => {
    const rel = path.posix.normalize((req.params as Record<string, string>)[0] ?? '');
    const file = path.join(videoDir, rel);
    if (rel.startsWith('..') || !file.startsWith(videoDir + path.sep)) {
      res.status(404).end();
      return;
    }
    // only clips that exist are remembered: requests for others cannot grow the map
    let vod = parsed.get(rel) ?? null;
    if (!vod && fs.existsSync(file)) {
      vod = parseVod(fs.readFileSync(file, 'utf8'));
      if (vod) parsed.set(rel, vod);
    }
    if (!vod) {
      res.status(404).type('text/plain').send(`no clip at /video/${rel}`);
      return;
    }
    const dir = path.posix.dirname(`/video/${rel}`);
    res
      .status(200)
      .type('application/vnd.apple.mpegurl')
      .set('cache-control', 'no-cache')
      .send(livePlaylist(vod, now() - startedAt, LIVE_WINDOW, (uri) => (/^[a-z]+:|^\//i.test(uri) ? uri : `${dir}/${uri}`)));
  });
  return router;
}
