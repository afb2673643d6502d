// Device kinds and their rules as data (device-rules.json, or GRIDCOMMAND_DEVICE_RULES): what
// each kind measures and how often it reports, which event class its alarms open, and when a
// measurement is a breach — a threshold, a rate of change, or the device going offline.
import fs from 'node:fs';
import { z } from 'zod';
import { DeviceKind } from '../../protocol/devices.js';

const range = z.tuple([z.number(), z.number()]);
const KindSpec = z.strictObject({
  kind: DeviceKind,
  name: z.string().min(1),
  nameEn: z.string().min(1),
  /** how often a device of this kind reports; silent for 3 intervals it is offline */
  intervalS: z.number().int().min(1).max(86_400),
  /** the event class its alarms open */
  category: z.string().regex(/^\d{4}$/),
  urgency: z.enum(['normal', 'urgent']),
  /** what it measures: the normal range and a fault's range (the simulator draws from them) */
  metrics: z.record(z.string(), z.strictObject({ unit: z.string(), normal: range, fault: range })),
});
const base = { id: z.string().regex(/^[a-z0-9_.-]{1,64}$/), kind: DeviceKind, level: z.number().int().min(0).max(3), message: z.string().min(1) };
const Rule = z.discriminatedUnion('type', [
  z.strictObject({ ...base, type: z.literal('threshold'), metric: z.string(), above: z.number().optional(), below: z.number().optional() }).refine((r) => r.above !== undefined || r.below !== undefined, 'a threshold needs above or below'),
  z.strictObject({ ...base, type: z.literal('rate'), metric: z.string(), perMinute: z.number().positive(), direction: z.enum(['rise', 'fall', 'any']) }),
  z.strictObject({ ...base, type: z.literal('offline') }),
]);
export const DeviceRules = z.strictObject({ kinds: z.array(KindSpec).min(1), rules: z.array(Rule) });
export type DeviceRules = z.infer<typeof DeviceRules>;
export type KindSpec = z.infer<typeof KindSpec>;
export type Rule = z.infer<typeof Rule>;

const DEFAULT_FILE = new URL('./device-rules.json', import.meta.url);

/** Reads and checks a rules file; a mistake stops the start, naming the field. */
export function loadDeviceRules(file: string | null): DeviceRules {
  const where = file ?? 'device-rules.json';
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file ?? DEFAULT_FILE, 'utf8'));
  } catch (err) {
    throw new Error(`device rules ${where}: ${(err as Error).message}`);
  }
  const r = DeviceRules.safeParse(raw);
  if (!r.success) throw new Error(`device rules ${where}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const kinds = new Set(r.data.kinds.map((k) => k.kind));
  for (const [i, rule] of r.data.rules.entries()) {
    if (!kinds.has(rule.kind)) throw new Error(`device rules ${where}: rules.${i}.kind: unknown kind ${rule.kind}`);
  }
  return r.data;
}

export interface Reading {
  tsMs: number;
  values: Readonly<Record<string, number>>;
}

export interface Breach {
  rule: Rule;
  value: number;
}

/** Whether a rule on measurements is breached by this reading (rates against the previous one). */
function breached(rule: Rule, prev: Reading | null, cur: Reading): number | null {
  if (rule.type === 'offline') return null;
  const v = cur.values[rule.metric];
  if (v === undefined) return null;
  if (rule.type === 'threshold') return (rule.above !== undefined && v > rule.above) || (rule.below !== undefined && v < rule.below) ? v : null;
  const p = prev?.values[rule.metric];
  if (p === undefined || !prev || cur.tsMs <= prev.tsMs) return null;
  const perMin = ((v - p) / (cur.tsMs - prev.tsMs)) * 60_000;
  const hit = rule.direction === 'rise' ? perMin > rule.perMinute : rule.direction === 'fall' ? -perMin > rule.perMinute : Math.abs(perMin) > rule.perMinute;
  return hit ? Math.round(perMin * 1000) / 1000 : null;
}

/**
 * The rules a reading newly breaches. `active` holds the rules in breach after the previous
 * reading and is updated: a breach is raised once when it starts, not on every message while it
 * lasts (and a flapping sensor's new breaches join its one open case, see DeviceService).
 */
export function evaluate(rules: readonly Rule[], prev: Reading | null, cur: Reading, active: Set<string>): Breach[] {
  const out: Breach[] = [];
  for (const rule of rules) {
    const value = breached(rule, prev, cur);
    if (value === null) {
      active.delete(rule.id);
    } else if (!active.has(rule.id)) {
      active.add(rule.id);
      out.push({ rule, value });
    }
  }
  return out;
}
