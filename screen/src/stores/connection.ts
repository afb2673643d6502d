// The state of the live link, as the header shows it. Written only by net/live.ts.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ConnectionState } from '../net/screen-socket.js';
import type { ScreenHello } from '../net/protocol.js';

export const useConnectionStore = defineStore('connection', () => {
  const state = ref<ConnectionState>('connecting');
  const lastMessageAt = ref<number | null>(null);
  const hello = ref<ScreenHello | null>(null);
  /** true between `hello` and `replayed`: catching up on what was missed */
  const replaying = ref(false);
  /** the scope this screen shows (the user's, or narrower) */
  const scope = ref<string | null>(null);

  function setState(s: ConnectionState, at: number | null): void {
    state.value = s;
    if (at !== null) lastMessageAt.value = at;
  }

  function dehydrate(): void {
    state.value = 'connecting';
    lastMessageAt.value = null;
    hello.value = null;
    replaying.value = false;
    scope.value = null;
  }

  return { state, lastMessageAt, hello, replaying, scope, setState, dehydrate };
});
