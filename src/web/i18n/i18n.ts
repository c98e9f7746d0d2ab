import { en, type MessageKey, type Messages } from './en.js';
import { zhCN } from './zh-CN.js';

export type { MessageKey } from './en.js';
export type Locale = 'en' | 'zh-CN';
export type MessageParams = Readonly<Record<string, string | number>>;

export const LOCALES: readonly { readonly id: Locale; readonly label: string }[] = [
  { id: 'en', label: 'English' },
  { id: 'zh-CN', label: '简体中文' },
];

const CATALOGS: Readonly<Record<Locale, Messages>> = { en, 'zh-CN': zhCN };

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'zh-CN';
}

/**
 * The first of the browser's preferred languages we speak: any Chinese except the
 * traditional-script variants gets Simplified Chinese; everything else English.
 */
export function detectLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
    if (lower === 'zh' || lower.startsWith('zh-')) {
      const traditional = /^zh-(hant|tw|hk|mo)\b/.test(lower);
      if (!traditional) return 'zh-CN';
    }
  }
  return 'en';
}

/** Replaces `{name}` placeholders; unknown ones stay visible rather than vanish. */
export function format(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  return format(CATALOGS[locale][key], params);
}

/** The placeholder names of a message, e.g. `{name}` → ['name'] (for completeness tests). */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();
}

export function catalog(locale: Locale): Messages {
  return CATALOGS[locale];
}
