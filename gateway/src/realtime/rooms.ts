import { selfAndAncestors } from '../../protocol/scope.js';
import type { Change } from '../db/streams/stream.js';
import type { StreamRun } from '../db/writer.js';

/**
 * The rooms a change in `areaCode` is pushed to: that area and every area above it. A room is
 * named by its area code, so a screen joins the one room of its scope.
 */
export function roomsOfArea(areaCode: string): readonly string[] {
  // asked for every change pushed (thousands a second of device readings): kept, not recomputed
  let rooms = roomCache.get(areaCode);
  if (!rooms) {
    if (roomCache.size >= ROOM_CACHE_MAX) roomCache.clear();
    roomCache.set(areaCode, (rooms = selfAndAncestors(areaCode)));
  }
  return rooms;
}

/** Area codes are a city's few thousand; the bound only guards against garbage. */
const ROOM_CACHE_MAX = 50_000;
const roomCache = new Map<string, readonly string[]>();

/**
 * Splits runs of changes by room, keeping each room's changes in seq order as runs of one stream
 * (a room that gets only one stream's part of a mixed run sees one longer run).
 */
export function groupRunsByRoom(
  runs: readonly StreamRun[],
  areaOf: (stream: string, view: Change) => string,
  liveRoom: (room: string) => boolean,
): Map<string, StreamRun[]> {
  const out = new Map<string, StreamRun[]>();
  for (const run of runs) {
    for (const view of run.views) {
      for (const room of roomsOfArea(areaOf(run.stream, view))) {
        if (!liveRoom(room)) continue;
        let list = out.get(room);
        if (!list) out.set(room, (list = []));
        const last = list.at(-1);
        if (last?.stream === run.stream) (last.views as Change[]).push(view);
        else list.push({ stream: run.stream, views: [view], origin: run.origin });
      }
    }
  }
  return out;
}
