import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN.js';
import en from './en.js';
import { widgetMessages } from './widget-messages.js';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
const LOCALE_KEY = 'gridcommand.locale';

function savedLocale(): Locale {
  try {
    const v = localStorage.getItem(LOCALE_KEY);
    if (v === 'en' || v === 'zh-CN') return v;
  } catch {
    /* no storage: default */
  }
  return 'zh-CN';
}

export const i18n = createI18n({
  legacy: false,
  locale: savedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': { ...zhCN, ...widgetMessages['zh-CN'] }, en: { ...en, ...widgetMessages.en } },
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(LOCALE_KEY, locale);
  } catch {
    /* not persisted; still switched */
  }
}

export function toggleLocale(): void {
  setLocale(i18n.global.locale.value === 'zh-CN' ? 'en' : 'zh-CN');
}
