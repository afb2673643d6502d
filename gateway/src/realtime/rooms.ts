/**
 * The rooms a change is pushed to: the area it happened in and every area above it.
 * A room is named by its area code, so a screen joins the one room of its scope.
 */
export function roomsOf(cityCode: string, districtCode: string, streetCode: string, gridCode: string | null): string[] {
  const rooms = [cityCode, districtCode];
  if (streetCode) rooms.push(streetCode);
  if (gridCode) rooms.push(gridCode.slice(0, 12), gridCode);
  return rooms;
}

/** Rooms for a change named only by an area code (a stat): that area and its ancestors. */
export function roomsOfArea(cityCode: string, areaCode: string): string[] {
  const rooms = [cityCode];
  for (const len of [6, 9, 12]) if (areaCode.length >= len) rooms.push(areaCode.slice(0, len));
  if (areaCode.length > 12) rooms.push(areaCode);
  return rooms;
}

/** Groups items by room, keeping each room's items in the order given (seq order). */
export function groupByRoom<T>(items: T[], roomsFor: (item: T) => string[], liveRooms: (room: string) => boolean): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    for (const room of roomsFor(item)) {
      if (!liveRooms(room)) continue;
      let list = out.get(room);
      if (!list) out.set(room, (list = []));
      list.push(item);
    }
  }
  return out;
}
