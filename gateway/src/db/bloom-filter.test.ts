import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BloomFilter, KEY_SEPARATOR } from './bloom-filter.js';

describe('BloomFilter', () => {
  it('never forgets a key, keeps its false positives near the design rate, and survives a save and load', async () => {
    // 1 MB holds 8M bits; 400k keys is 21 bits per key — the default's ratio at 50M keys in 128 MB.
    const f = BloomFilter.create(1);
    const n = 400_000;
    for (let i = 0; i < n; i++) f.add(`src\u0000id-${i}`);
    for (let i = 0; i < n; i += 7) expect(f.mayHave(`src\u0000id-${i}`)).toBe(true);
    let fp = 0;
    const probes = 200_000;
    for (let i = 0; i < probes; i++) if (f.mayHave(`src\u0000other-${i}`)) fp++;
    expect(fp / probes).toBeLessThan(0.001);

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gc-bloom-')), 'keys');
    await f.save(file, 1234);
    const back = BloomFilter.load(file, 1)!;
    expect(back.watermark).toBe(1234);
    expect(back.filter.count).toBe(n);
    for (let i = 0; i < n; i += 7) expect(back.filter.mayHave(`src\u0000id-${i}`)).toBe(true);
    // a filter of another size, or a torn file, is not taken
    expect(BloomFilter.load(file, 2)).toBeNull();
    fs.truncateSync(file, 1000);
    expect(BloomFilter.load(file, 1)).toBeNull();
  });

  it('takes a page of keys joined into one string exactly as it takes them one by one', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `src\u0000id-${i}-${'é'.repeat(i % 5)}`);
    const one = BloomFilter.create(1);
    for (const k of keys) one.add(k);
    const joined = BloomFilter.create(1);
    expect(joined.addJoined(keys.slice(0, 2500).join(KEY_SEPARATOR))).toBe(2500);
    expect(joined.addJoined(keys.slice(2500).join(KEY_SEPARATOR))).toBe(2500);
    expect(joined.addJoined('')).toBe(0);
    expect(joined.count).toBe(keys.length);
    for (const k of keys) expect(joined.mayHave(k)).toBe(true);
    // same bits: a probe the one-by-one filter refuses, the joined one refuses too
    for (let i = 0; i < 20_000; i++) expect(joined.mayHave(`src\u0000x-${i}`)).toBe(one.mayHave(`src\u0000x-${i}`));
  });
});
