import fs from 'node:fs';
import path from 'node:path';

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

const RESULTS = path.resolve(import.meta.dirname, 'results.json');

/** Merges figures into bench/results.json as { "<group>.<figure>": number }. */
export function recordResults(figures: Record<string, number>): void {
  const prev = fs.existsSync(RESULTS) ? (JSON.parse(fs.readFileSync(RESULTS, 'utf8')) as Record<string, number>) : {};
  fs.writeFileSync(RESULTS, `${JSON.stringify({ ...prev, ...figures }, null, 2)}\n`);
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(34)} ${Number.isInteger(v) ? v : v.toFixed(3)}`);
}

/**
 * A bench's gateway runs as `npm start` runs it: the test harness checks every REST answer
 * against its schema (GRIDCOMMAND_CHECK_ANSWERS), which a screen's load of thousands of devices,
 * workers and cameras pays for in the figures.
 */
export const AS_RUN: Readonly<Record<string, string>> = { GRIDCOMMAND_CHECK_ANSWERS: '0' };
