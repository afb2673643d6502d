// The city's event classes (大类 / 小类) for the class picker and for names, kept for offline use.
import { ref } from 'vue';
import type { CategoryInfo } from '../net/protocol.js';
import { freshOrCached } from './cache.js';
import { locale } from './i18n.js';
import { phoneApi } from './mobile-api.js';

const list = ref<CategoryInfo[]>([]);
let loading: Promise<void> | null = null;

export function loadCategories(): Promise<void> {
  loading ??= freshOrCached('categories', async () => (await phoneApi.categories()).categories.filter((c) => c.kind === 'event')).then((r) => {
    list.value = r.value ?? [];
    if (r.stale) loading = null; // try the network again next time
  });
  return loading;
}

export function useCategories() {
  void loadCategories();
  return list;
}

/** A class code's name in the current language (the code itself until the table is loaded). */
export function useCategoryNames(): (code: string) => string {
  void loadCategories();
  return (code) => {
    const c = list.value.find((x) => x.code === code);
    return c ? (locale.value === 'en' ? c.nameEn : c.name) : code;
  };
}
