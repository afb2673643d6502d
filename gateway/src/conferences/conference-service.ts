// Conference sessions (视频会商): a center opens one and invites centers of the tiers below; each
// participant brings its stream; one presenter at a time, whose shared state (sandbox camera,
// selection, page, marks) followers mirror. Who is in, hands and the latest state live in memory
// while a session is open; the session and everything that happened in it are stored.
import crypto from 'node:crypto';
import type { ConferenceMessage, ConferenceParticipant, ConferenceView, CreateConference, SharedState } from '../../protocol/conferences.js';
import { scopeContains } from '../../protocol/scope.js';
import type { User } from '../auth/identities.js';
import type { ConferenceRow, ConferenceStore } from '../db/conference-store.js';
import { Errors } from '../errors.js';
import type { AreaIndex } from '../geo/areas.js';

interface LiveSession {
  row: ConferenceRow;
  participants: Map<string, ConferenceParticipant>;
  state: SharedState | null;
  /** bumped with every shared state, so a follower can tell newer from older */
  seq: number;
}

export interface ConferenceDeps {
  store: ConferenceStore;
  areas: AreaIndex;
  /** the conference stream the demo serves for a center, when a participant brings none */
  demoStreamOf: (scope: string) => string;
  now?: () => number;
}

export class ConferenceService {
  private readonly live = new Map<string, LiveSession>();
  private readonly listeners: ((id: string, msg: ConferenceMessage) => void)[] = [];
  private readonly now: () => number;

  private constructor(private readonly d: ConferenceDeps) {
    this.now = d.now ?? Date.now;
  }

  /** Open sessions come back after a restart without participants: centers join again. */
  static async open(d: ConferenceDeps): Promise<ConferenceService> {
    const s = new ConferenceService(d);
    for (const row of await d.store.openOnes()) s.live.set(row.id, { row, participants: new Map(), state: null, seq: 0 });
    return s;
  }

  onMessage(fn: (id: string, msg: ConferenceMessage) => void): void {
    this.listeners.push(fn);
  }

  async create(user: User, body: CreateConference): Promise<ConferenceView> {
    const invited = [...new Set(body.invite)];
    const unknown = invited.flatMap((code, i) => (this.d.areas.has(code) ? [] : [{ path: `invite.${i}`, message: `unknown area ${code}` }]));
    if (unknown.length) throw Errors.validation('body', unknown);
    const outside = invited.flatMap((code, i) => (scopeContains(user.scope, code) && code !== user.scope ? [] : [{ path: `invite.${i}`, message: `${code} is not a center below ${user.scope}` }]));
    if (outside.length) throw Errors.outOfScope('an invited center', user.scope, outside);
    const at = this.now();
    const row: ConferenceRow = { id: `cf-${at.toString(36)}${crypto.randomBytes(3).toString('hex')}`, title: body.title, hostScope: user.scope, createdBy: user.username, invited, status: 'open', presenter: user.username, createdAt: at, endedAt: null };
    await this.d.store.create(row);
    await this.d.store.log(row.id, { at, kind: 'created', username: user.username, scope: user.scope, data: { title: row.title, invited } });
    const s: LiveSession = { row, participants: new Map(), state: null, seq: 0 };
    this.live.set(row.id, s);
    return this.join(user, row.id, {});
  }

  /** The sessions the user's center may take part in: open ones, or the ended ones for their record. */
  async list(user: User, status: 'open' | 'ended', limit: number): Promise<ConferenceView[]> {
    const rows = await this.d.store.list({ status, scope: user.scope, limit });
    return rows.map((r) => this.viewOf(this.live.get(r.id) ?? { row: r, participants: new Map(), state: null, seq: 0 }));
  }

  async detail(user: User, id: string) {
    const row = await this.mayTakePart(user, id);
    const s = this.live.get(id);
    return { ...this.viewOf(s ?? { row, participants: new Map(), state: null, seq: 0 }), events: await this.d.store.events(id) };
  }

  async join(user: User, id: string, body: { streamUrl?: string }): Promise<ConferenceView> {
    const s = await this.openSession(user, id);
    const already = s.participants.get(user.username);
    const p: ConferenceParticipant = {
      username: user.username,
      scope: user.scope,
      role: user.role,
      joinedAt: already?.joinedAt ?? new Date(this.now()).toISOString(),
      hand: already?.hand ?? false,
      streamUrl: body.streamUrl ?? already?.streamUrl ?? this.d.demoStreamOf(user.scope),
    };
    s.participants.set(user.username, p);
    if (!already) await this.d.store.log(id, { at: this.now(), kind: 'join', username: user.username, scope: user.scope, data: { streamUrl: p.streamUrl } });
    return this.changed(s);
  }

  async leave(user: User, id: string): Promise<ConferenceView> {
    const s = await this.openSession(user, id);
    if (!s.participants.delete(user.username)) throw Errors.conflict('CONFLICT', `${user.username} is not in conference ${id}`);
    await this.d.store.log(id, { at: this.now(), kind: 'leave', username: user.username, scope: user.scope });
    if (s.row.presenter === user.username) {
      // the role goes back to the host while it is in, else it waits for someone to take it
      const host = s.participants.has(s.row.createdBy) ? s.row.createdBy : null;
      await this.setPresenter(s, host, user);
    }
    return this.changed(s);
  }

  async hand(user: User, id: string, raised: boolean): Promise<ConferenceView> {
    const s = await this.openSession(user, id);
    const p = this.participant(s, user);
    if (p.hand !== raised) {
      p.hand = raised;
      await this.d.store.log(id, { at: this.now(), kind: 'hand', username: user.username, scope: user.scope, data: { raised } });
    }
    return this.changed(s);
  }

  /** `to`: the presenter (or the host) passes the role; without: the caller takes it when it is free or as host. */
  async present(user: User, id: string, to: string | undefined): Promise<ConferenceView> {
    const s = await this.openSession(user, id);
    this.participant(s, user);
    const isHost = user.username === s.row.createdBy;
    const next = to ?? user.username;
    if (!s.participants.has(next)) throw Errors.conflict('CONFLICT', `${next} has not joined conference ${id}`);
    const free = s.row.presenter === null;
    if (!(isHost || s.row.presenter === user.username || (free && next === user.username))) {
      throw Errors.forbidden(`only the presenter (${s.row.presenter ?? 'none'}) or the host (${s.row.createdBy}) may pass the presenter role`);
    }
    const p = s.participants.get(next)!;
    p.hand = false;
    await this.setPresenter(s, next, user);
    return this.changed(s);
  }

  async end(user: User, id: string): Promise<ConferenceView> {
    const s = await this.openSession(user, id);
    if (user.username !== s.row.createdBy && !(user.scope === s.row.hostScope && user.role === 'leader')) {
      throw Errors.forbidden(`only the host (${s.row.createdBy}) or a leader of ${s.row.hostScope} may end the session`);
    }
    const at = this.now();
    await this.d.store.end(id, at);
    await this.d.store.log(id, { at, kind: 'ended', username: user.username, scope: user.scope, data: { participants: [...s.participants.keys()] } });
    s.row = { ...s.row, status: 'ended', presenter: null, endedAt: at };
    s.participants.clear();
    this.live.delete(id);
    return this.changed(s);
  }

  /** A screen follows a session it has joined: the session and the presenter's latest state. */
  follow(user: User, id: string): { conference: ConferenceView; state: SharedState | null; seq: number } {
    const s = this.live.get(id);
    if (!s) throw Errors.notFound(`open conference ${id}`);
    if (!this.may(user, s.row)) throw Errors.forbidden(`${user.scope} was not invited to conference ${id}`);
    this.participant(s, user);
    return { conference: this.viewOf(s), state: s.state, seq: s.seq };
  }

  /** The presenter shares state: merged into the latest (a missing part stays as it was) and sent to the followers. */
  async share(user: User, id: string, part: SharedState): Promise<number> {
    const s = this.live.get(id);
    if (!s) throw Errors.notFound(`open conference ${id}`);
    if (s.row.presenter !== user.username) throw Errors.forbidden(`${user.username} is not presenting in conference ${id}`);
    const known = new Set((s.state?.marks ?? []).map((m) => m.id));
    const state: SharedState = { ...s.state, ...Object.fromEntries(Object.entries(part).filter(([, v]) => v !== undefined)) };
    s.state = state;
    const seq = ++s.seq;
    for (const l of this.listeners) l(id, { kind: 'state', id, seq, by: user.username, state });
    const added = (part.marks ?? []).filter((m) => !known.has(m.id));
    if (added.length) await this.d.store.log(id, { at: this.now(), kind: 'mark', username: user.username, scope: user.scope, data: { marks: added } });
    return seq;
  }

  private may(user: User, row: ConferenceRow): boolean {
    return user.scope === row.hostScope || row.invited.includes(user.scope);
  }

  private async mayTakePart(user: User, id: string): Promise<ConferenceRow> {
    const row = this.live.get(id)?.row ?? (await this.d.store.get(id));
    if (!row) throw Errors.notFound(`conference ${id}`);
    if (!this.may(user, row)) throw Errors.forbidden(`${user.scope} was not invited to conference ${id}`);
    return row;
  }

  private async openSession(user: User, id: string): Promise<LiveSession> {
    const row = await this.mayTakePart(user, id);
    const s = this.live.get(id);
    if (!s) throw Errors.conflict('CONFLICT', `conference ${id} ended at ${new Date(row.endedAt ?? 0).toISOString()}`);
    return s;
  }

  private participant(s: LiveSession, user: User): ConferenceParticipant {
    const p = s.participants.get(user.username);
    if (!p) throw Errors.conflict('CONFLICT', `${user.username} has not joined conference ${s.row.id}`);
    return p;
  }

  private async setPresenter(s: LiveSession, next: string | null, by: User): Promise<void> {
    if (s.row.presenter === next) return;
    s.row = { ...s.row, presenter: next };
    await this.d.store.setPresenter(s.row.id, next);
    await this.d.store.log(s.row.id, { at: this.now(), kind: 'presenter', username: by.username, scope: by.scope, data: { presenter: next } });
  }

  private changed(s: LiveSession): ConferenceView {
    const view = this.viewOf(s);
    for (const l of this.listeners) l(s.row.id, { kind: 'session', conference: view });
    return view;
  }

  private viewOf(s: LiveSession): ConferenceView {
    const r = s.row;
    return {
      id: r.id,
      title: r.title,
      hostScope: r.hostScope,
      createdBy: r.createdBy,
      invited: r.invited,
      status: r.status,
      presenter: r.presenter,
      participants: [...s.participants.values()].map((p) => ({ ...p })),
      createdAt: new Date(r.createdAt).toISOString(),
      endedAt: r.endedAt === null ? null : new Date(r.endedAt).toISOString(),
    };
  }
}
