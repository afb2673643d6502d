/** Seconds before the n-th retry (n from 1) of a dead stream: 1, 2, 4, … capped at 30, ±20 % so tiles do not retry in step. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
