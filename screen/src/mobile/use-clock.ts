import { onBeforeUnmount, ref } from 'vue';

/** The current time, ticking every `everyMs` while the component lives (SLA countdowns). */
export function useClock(everyMs = 20_000) {
  const now = ref(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), everyMs);
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}
