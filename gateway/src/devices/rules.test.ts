import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, loadDeviceRules, type Rule } from './rules.js';

const threshold: Rule = { id: 'bin.full', kind: 'bin_fill', type: 'threshold', metric: 'fill_pct', above: 90, level: 1, message: 'full' };
const rising: Rule = { id: 'water.rising', kind: 'water_level', type: 'rate', metric: 'level_cm', perMinute: 10, direction: 'rise', level: 1, message: 'rising' };

const writeJson = (file: string, data: unknown) => fs.writeFileSync(file, JSON.stringify(data));

describe('device rules', () => {
  it('raises a threshold breach once when it starts, again only after it ended', () => {
    const active = new Set<string>();
    const at = (tsMs: number, v: number) => ({ tsMs, values: { fill_pct: v } });
    expect(evaluate([threshold], null, at(0, 95), active).map((b) => b.value)).toEqual([95]);
    expect(evaluate([threshold], at(0, 95), at(1, 97), active)).toEqual([]);
    expect(evaluate([threshold], at(1, 97), at(2, 50), active)).toEqual([]);
    expect(evaluate([threshold], at(2, 50), at(3, 92), active)).toHaveLength(1);
  });

  it('measures a rate of change per minute against the previous reading', () => {
    const at = (tsMs: number, v: number) => ({ tsMs, values: { level_cm: v } });
    expect(evaluate([rising], at(0, 5), at(60_000, 14), new Set())).toEqual([]);
    expect(evaluate([rising], at(0, 5), at(30_000, 11), new Set()).map((b) => b.value)).toEqual([12]);
    // falling does not count for a "rise" rule, and a first reading has no rate
    expect(evaluate([rising], at(0, 40), at(30_000, 10), new Set())).toEqual([]);
    expect(evaluate([rising], null, at(0, 40), new Set())).toEqual([]);
  });

  it('ships rules that name only known kinds, and refuses a file that does not, naming the field', () => {
    const rules = loadDeviceRules(null);
    expect(rules.kinds.length).toBeGreaterThanOrEqual(10);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gc-rules-')), 'rules.json');
    writeJson(file, { kinds: rules.kinds, rules: [{ ...threshold, kind: 'teapot' }] });
    expect(() => loadDeviceRules(file)).toThrow(/rules\.0\.kind: unknown kind teapot/);
    writeJson(file, { kinds: rules.kinds, rules: [{ ...threshold, above: undefined }] });
    expect(() => loadDeviceRules(file)).toThrow(/rules\.0: a threshold needs above or below/);
  });
});
