// The conference messages of /screen: a screen follows a session it joined (`conference:follow`,
// answered with the session and the presenter's latest state) and then receives `conference`
// messages; the presenter's screen sends its shared state with `conference:state`.
import { SharedState, type ConferenceMessage } from '../../protocol/conferences.js';
import type { ConferenceService } from '../conferences/conference-service.js';
import { Errors, toGatewayError } from '../errors.js';
import type { Logger } from '../log.js';
import type { ScreenNamespace, ScreenSocket } from './screen-hub.js';

const room = (id: string) => `conference:${id}`;

function refuse(ack: unknown, err: unknown): void {
  const e = toGatewayError(err);
  if (typeof ack === 'function') (ack as (a: unknown) => void)({ ok: false, ...e.toBody() });
}

export function attachConferenceSocket(nsp: ScreenNamespace, conferences: ConferenceService, log: Logger): void {
  conferences.onMessage((id: string, msg: ConferenceMessage) => {
    nsp.to(room(id)).emit('conference', msg);
  });
  nsp.on('connection', (s: ScreenSocket) => {
    const user = s.data.user;
    // payloads come from the wire: checked here whatever the types say
    s.on('conference:follow', (id: unknown, ack: unknown) => {
      try {
        if (typeof id !== 'string') throw Errors.validation('body', [{ path: 'id', message: 'a conference id' }]);
        const answer = conferences.follow(user, id);
        void s.join(room(id));
        if (typeof ack === 'function') (ack as (a: unknown) => void)({ ok: true, ...answer });
      } catch (err) {
        refuse(ack, err);
      }
    });
    s.on('conference:unfollow', (id: unknown) => {
      if (typeof id === 'string') void s.leave(room(id));
    });
    s.on('conference:state', (msg: unknown, ack: unknown) => {
      const m = msg as { id?: unknown; state?: unknown } | null;
      const parsed = SharedState.safeParse(m?.state);
      if (typeof m?.id !== 'string' || !parsed.success) {
        const details = parsed.success ? [{ path: 'id', message: 'a conference id' }] : parsed.error.issues.map((i) => ({ path: ['state', ...i.path].join('.'), message: i.message }));
        refuse(ack, Errors.validation('body', details));
        return;
      }
      conferences.share(user, m.id, parsed.data).then(
        (seq) => typeof ack === 'function' && (ack as (a: unknown) => void)({ ok: true, seq }),
        (err: unknown) => {
          if (toGatewayError(err).statusCode >= 500) log.warn({ err }, 'conference state not shared');
          refuse(ack, err);
        },
      );
    });
  });
}
