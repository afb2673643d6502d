// The conference session (视频会商) this screen takes part in: who is in, who presents, the
// presenter's latest shared state, and whether this screen follows it. The presenter's page and
// selection are shared from here (they outlive any one widget); the sandbox shares and mirrors
// the camera (widgets/sandbox/conference-camera.ts).
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { api, ApiError } from '../net/api.js';
import { followConference, shareConference } from '../net/live.js';
import type { ConferenceMessage, ConferenceView, FollowAnswer, SharedState } from '../net/protocol.js';
import { useLayoutStore } from './layout.js';
import { useSelectionStore } from './selection.js';
import { useSessionStore } from './session.js';

/** A newer part replaces the older one; parts left out stay (as the gateway merges them). */
export function mergeState(held: SharedState | null, part: SharedState): SharedState {
  return { ...(held ?? {}), ...part };
}

export const useConferenceStore = defineStore('conference', () => {
  const session = useSessionStore();
  const layouts = useLayoutStore();
  const selection = useSelectionStore();

  const current = ref<ConferenceView | null>(null);
  /** the presenter's latest state and its seq (older messages are ignored) */
  const shared = ref<SharedState | null>(null);
  const seq = ref(0);
  /** a follower may leave follow mode to look around, and come back */
  const following = ref(true);
  const error = ref<string | null>(null);

  const me = computed(() => session.user?.username ?? '');
  const presenting = computed(() => current.value !== null && current.value.presenter === me.value);
  /** this screen mirrors the presenter now: in a session, following, not presenting itself */
  const mirroring = computed(() => current.value !== null && current.value.status === 'open' && following.value && !presenting.value);
  const isHost = computed(() => current.value?.createdBy === me.value);

  function take(state: SharedState | null, at: number): void {
    if (at < seq.value) return;
    seq.value = at;
    shared.value = state;
  }

  function onMessage(msg: ConferenceMessage): void {
    if (msg.kind === 'session') {
      if (msg.conference.id !== current.value?.id) return;
      current.value = msg.conference;
      if (msg.conference.status === 'ended') closed();
    } else if (msg.id === current.value?.id) take(msg.state, msg.seq);
  }

  function onFollowed(a: FollowAnswer): void {
    if (!a.ok) {
      error.value = `${a.code}: ${a.message}`;
      return;
    }
    current.value = a.conference;
    take(a.state, a.seq);
  }

  function closed(): void {
    followConference(null);
    shared.value = null;
    seq.value = 0;
  }

  async function run(call: () => Promise<ConferenceView>): Promise<ConferenceView | null> {
    error.value = null;
    try {
      const view = await call();
      current.value = view;
      return view;
    } catch (err) {
      error.value = err instanceof ApiError ? `${err.status} ${err.code}: ${err.message}` : String(err);
      return null;
    }
  }

  function follow(id: string): void {
    shared.value = null;
    seq.value = 0;
    following.value = true;
    followConference({ id, onMessage, onFollowed });
  }

  async function create(title: string, invite: string[]): Promise<void> {
    const view = await run(() => api.createConference({ title, invite }));
    if (view) follow(view.id);
  }

  async function join(id: string): Promise<void> {
    const view = await run(() => api.conferenceAction(id, 'join'));
    if (view) follow(view.id);
  }

  async function leave(): Promise<void> {
    const c = current.value;
    if (!c) return;
    await run(() => api.conferenceAction(c.id, 'leave'));
    closed();
    current.value = null;
  }

  async function end(): Promise<void> {
    const c = current.value;
    if (c) await run(() => api.conferenceAction(c.id, 'end'));
    closed();
  }

  const hand = (raised: boolean) => current.value && run(() => api.conferenceAction(current.value!.id, 'hand', { raised }));
  const pass = (to: string) => current.value && run(() => api.conferenceAction(current.value!.id, 'present', { to }));

  /** Leaving follow mode keeps the screen where it is; coming back applies the presenter's latest state. */
  function setFollowing(on: boolean): void {
    following.value = on;
  }

  /** The presenter shares a part of its state (nothing happens on a follower's screen). */
  function share(part: SharedState): void {
    const c = current.value;
    if (!c || !presenting.value) return;
    shared.value = mergeState(shared.value, part);
    void shareConference(c.id, part).then((a) => {
      if (a && !a.ok) error.value = `${a.code}: ${a.message}`;
      else if (a?.ok && a.seq > seq.value) seq.value = a.seq;
    });
  }

  // The page and the selection: the presenter's are shared; a follower's follow the presenter's.
  let applying = false;
  watch([() => layouts.page, () => selection.version], () => {
    if (!applying && presenting.value) share({ page: layouts.page, selection: selection.snapshot() });
  });
  watch([shared, mirroring], ([s, on]) => {
    if (!s || !on) return;
    applying = true;
    try {
      if (s.page !== undefined) layouts.setPage(s.page);
      if (s.selection) selection.apply(s.selection);
    } finally {
      applying = false;
    }
  });

  return { current, shared, seq, following, error, me, presenting, mirroring, isHost, create, join, leave, end, hand, pass, setFollowing, share };
});
