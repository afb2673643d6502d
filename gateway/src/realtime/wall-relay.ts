// The windows of a spliced wall act as one screen: each `wall` message a window sends (its page,
// selection and drill-down) goes to the wall's other windows, and a window joining (or
// reconnecting) gets the wall's latest state. A wall is the user's own: its room is named by
// user and wall id, so two users' walls of the same id never mix.
import { WallAuth, WallState } from '../../protocol/wall.js';
import { narrowScope } from '../../protocol/scope.js';
import type { User } from '../auth/identities.js';
import { Errors, zodDetails } from '../errors.js';
import type { Logger } from '../log.js';
import type { ScreenSocket } from './screen-hub.js';

/** The most walls whose latest state is remembered (oldest forgotten first). */
const MAX_WALLS = 1000;

/** Checks the `wall` part of a screen's auth; a bad one refuses the connection naming the field. */
export function parseWallAuth(raw: unknown): WallAuth | undefined {
  if (raw === undefined || raw === null) return undefined;
  const r = WallAuth.safeParse(raw);
  if (!r.success) throw Errors.validation('auth', zodDetails(r.error).map((d) => ({ ...d, path: `wall.${d.path}`.replace(/\.$/, '') })));
  return r.data;
}

export class WallRelay {
  private readonly latest = new Map<string, WallState>();

  constructor(private readonly log: Logger) {}

  /** Joins a window to its wall's room (when it is one), sends it the wall's state and relays what it sends. */
  attach(socket: ScreenSocket): void {
    const { user, wall } = socket.data;
    if (!wall) return;
    const room = roomOf(user, wall.id);
    void socket.join(room);
    const known = this.latest.get(room);
    if (known) socket.emit('wall', known);
    socket.on('wall', (raw: unknown) => {
      const r = WallState.safeParse(raw);
      if (!r.success) {
        this.log.debug({ issues: zodDetails(r.error) }, 'wall message refused');
        return;
      }
      const state = r.data;
      // a drill-down never wider than the user's scope
      if (state.scope !== null && !narrowScope(user.scope, state.scope)) return;
      this.latest.delete(room);
      this.latest.set(room, state);
      if (this.latest.size > MAX_WALLS) this.latest.delete(this.latest.keys().next().value!);
      socket.to(room).emit('wall', state);
    });
  }
}

function roomOf(user: User, wallId: string): string {
  return `wall:${user.username}:${wallId}`;
}
