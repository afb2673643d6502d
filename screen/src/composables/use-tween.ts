import { onBeforeUnmount, ref, watch, type Ref } from 'vue';
import { tweenAt } from './tween.js';

/** A number that follows `source`, gliding over `duration` ms on each change (null stays null). */
export function useTween(source: () => number | null, duration = 900): Ref<number | null> {
  const shown = ref<number | null>(source());
  let frame = 0;

  watch(source, (to) => {
    cancelAnimationFrame(frame);
    const from = shown.value;
    if (to === null || from === null || typeof requestAnimationFrame !== 'function') {
      shown.value = to;
      return;
    }
    const start = performance.now();
    const step = (now: number) => {
      shown.value = tweenAt(from, to, now - start, duration);
      if (shown.value !== to) frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
  });
  onBeforeUnmount(() => cancelAnimationFrame(frame));
  return shown;
}
