// Names for codes: event categories and areas. Missing entries fall back to the code.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AreaFeatureProps, CategoryInfo } from '../net/api.js';
import type { CityInfo } from '../net/protocol.js';

// Shown when the gateway has no /api/areas yet, or for the city itself.
const BUILT_IN_AREAS: Record<string, { zh: string; en: string }> = {
  '4403': { zh: '深圳市', en: 'Shenzhen' },
  '440303': { zh: '罗湖区', en: 'Luohu' },
  '440304': { zh: '福田区', en: 'Futian' },
  '440305': { zh: '南山区', en: 'Nanshan' },
  '440306': { zh: '宝安区', en: "Bao'an" },
  '440307': { zh: '龙岗区', en: 'Longgang' },
  '440308': { zh: '盐田区', en: 'Yantian' },
  '440309': { zh: '龙华区', en: 'Longhua' },
  '440310': { zh: '坪山区', en: 'Pingshan' },
  '440311': { zh: '光明区', en: 'Guangming' },
};

// Event major classes (DOMAIN.md), for charts until /api/categories names them.
const BUILT_IN_MAJORS: Record<string, { zh: string; en: string }> = {
  '01': { zh: '市容环境', en: 'City appearance' },
  '02': { zh: '宣传广告', en: 'Advertising' },
  '03': { zh: '施工管理', en: 'Construction' },
  '04': { zh: '突发事件', en: 'Emergencies' },
  '05': { zh: '街面秩序', en: 'Street order' },
};

export const useCatalogStore = defineStore('catalog', () => {
  const categories = ref<Record<string, CategoryInfo>>({});
  const areas = ref<Record<string, AreaFeatureProps>>({});
  /** the city the gateway serves: titles and the name of the city scope */
  const city = ref<CityInfo | null>(null);

  function setCity(info: CityInfo): void {
    city.value = info;
  }

  /** The city's name in the locale, or '' until the gateway has said. */
  function cityName(locale: string): string {
    if (!city.value) return '';
    return locale.startsWith('en') ? city.value.nameEn || city.value.name : city.value.name;
  }

  function setCategories(list: readonly CategoryInfo[]): void {
    const m: Record<string, CategoryInfo> = {};
    for (const c of list) if (c.kind !== 'component') m[c.code] = c;
    categories.value = m;
  }

  function addAreas(list: readonly AreaFeatureProps[]): void {
    const m = { ...areas.value };
    for (const a of list) m[a.code] = a;
    areas.value = m;
  }

  function categoryName(code: string, locale: string): string {
    const c = categories.value[code];
    if (!c) return code;
    return locale.startsWith('en') ? c.nameEn || c.name : c.name;
  }

  /** Name of a major class (the first two digits of a category code). */
  function majorName(major: string, locale: string): string {
    const en = locale.startsWith('en');
    for (const c of Object.values(categories.value)) {
      if (c.code.startsWith(major) && c.majorName) return c.majorName;
    }
    const b = BUILT_IN_MAJORS[major];
    return b ? (en ? b.en : b.zh) : major;
  }

  function areaName(code: string | null | undefined, locale: string): string {
    if (!code) return '';
    const en = locale.startsWith('en');
    if (city.value && code === city.value.code) return cityName(locale);
    const builtIn = BUILT_IN_AREAS[code];
    if (en && builtIn) return builtIn.en;
    return areas.value[code]?.name ?? builtIn?.zh ?? code;
  }

  function dehydrate(): void {
    categories.value = {};
    areas.value = {};
  }

  return { categories, areas, city, setCity, cityName, setCategories, addAreas, categoryName, majorName, areaName, dehydrate };
});
