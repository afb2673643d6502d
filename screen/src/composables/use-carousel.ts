// Pages of a layout turn by themselves every `carousel.intervalS` seconds, held while someone
// uses the screen (a touch, a click, a key, a wheel) and for `resumeAfterS` after. On a wall
// only the first tile turns pages; the others follow it through the wall's messages.
import { onBeforeUnmount, onMounted, type Ref } from 'vue';
import { useLayoutStore } from '../stores/layout.js';

/** True when the page should turn now. */
export function pageDue(now: number, lastTurn: number, lastInteraction: number, intervalS: number, resumeAfterS: number): boolean {
  if (intervalS <= 0) return false;
  if (now - lastInteraction < resumeAfterS * 1000) return false;
  return now - Math.max(lastTurn, lastInteraction) >= intervalS * 1000;
}

export function useCarousel(drives: Ref<boolean>): void {
  const layouts = useLayoutStore();
  let lastTurn = Date.now();
  let lastInteraction = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  const touched = () => (lastInteraction = Date.now());
  const EVENTS = ['pointerdown', 'keydown', 'wheel'] as const;

  onMounted(() => {
    for (const e of EVENTS) window.addEventListener(e, touched, { passive: true, capture: true });
    timer = setInterval(() => {
      const l = layouts.layout;
      if (!l || l.pages.length < 2 || !drives.value) return;
      const now = Date.now();
      if (pageDue(now, lastTurn, lastInteraction, l.carousel.intervalS, l.carousel.resumeAfterS)) {
        lastTurn = now;
        layouts.setPage(layouts.page + 1);
      }
    }, 1000);
  });
  onBeforeUnmount(() => {
    for (const e of EVENTS) window.removeEventListener(e, touched, { capture: true });
    if (timer) clearInterval(timer);
  });
}
