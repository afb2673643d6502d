// A published layout goes to every open screen whose user may show it (their scope's tier);
// each screen switches in place if it is the layout it shows, keeping its data and socket.
import type { LayoutPublished } from '../../protocol/layout-editor.js';
import { tierAllows, tierOfLevel } from '../../protocol/layout.js';
import { levelOf } from '../../protocol/scope.js';
import type { ScreenNamespace } from './screen-hub.js';

/** Emits `layout` to the screens that may show it; answers how many. */
export function announceLayout(nsp: ScreenNamespace, published: LayoutPublished): number {
  let sent = 0;
  for (const socket of nsp.sockets.values()) {
    const user = socket.data?.user;
    if (!user || !tierAllows(tierOfLevel(levelOf(user.scope)), published.layout.tier)) continue;
    socket.emit('layout', published);
    sent++;
  }
  return sent;
}
