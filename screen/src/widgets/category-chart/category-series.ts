// Turns counts by category into chart rows; pure, so it is tested without a chart.
export interface CategoryRow {
  code: string;
  name: string;
  value: number;
}

export function topCategories(
  byCategory: Record<string, number>,
  top: number,
  name: (code: string) => string,
): CategoryRow[] {
  return Object.entries(byCategory)
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, top)
    .map(([code, value]) => ({ code, name: name(code), value }));
}

/** Sums minor classes into their major class (the first two digits of the code). */
export function byMajorClass(
  byCategory: Record<string, number>,
  name: (major: string) => string,
): CategoryRow[] {
  const sums = new Map<string, number>();
  for (const [code, v] of Object.entries(byCategory)) {
    if (v <= 0) continue;
    const major = code.slice(0, 2);
    sums.set(major, (sums.get(major) ?? 0) + v);
  }
  return [...sums.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, value]) => ({ code, name: name(code), value }));
}
