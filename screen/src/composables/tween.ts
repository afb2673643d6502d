// Numbers that change glide to their new value instead of jumping: easy to follow across a
// room, and a jump no one saw is not missed. Pure so it is tested without frames.

/** ease-out cubic: fast at first, settling gently */
export function easeOut(t: number): number {
  const c = Math.min(1, Math.max(0, t));
  return 1 - (1 - c) ** 3;
}

/** The value shown `elapsed` ms into a glide from `from` to `to` lasting `duration` ms. */
export function tweenAt(from: number, to: number, elapsed: number, duration: number): number {
  if (duration <= 0 || elapsed >= duration) return to;
  return from + (to - from) * easeOut(elapsed / duration);
}
