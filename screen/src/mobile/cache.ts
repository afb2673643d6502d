// The last answers the phone got (tasks, cases, classes, its grid), so it still shows them offline.

export function cached<T>(key: string): T | null {
  try {
    return JSON.parse(localStorage.getItem(`gc-mobile-cache:${key}`) ?? 'null') as T | null;
  } catch {
    return null;
  }
}

export function remember<T>(key: string, value: T): T {
  try {
    localStorage.setItem(`gc-mobile-cache:${key}`, JSON.stringify(value));
  } catch {
    // a full storage only costs the offline copy
  }
  return value;
}

/** The fresh answer when the network gives one, else the last one kept (and whether it is stale). */
export async function freshOrCached<T>(key: string, load: () => Promise<T>): Promise<{ value: T | null; stale: boolean }> {
  try {
    return { value: remember(key, await load()), stale: false };
  } catch {
    return { value: cached<T>(key), stale: true };
  }
}
