import {
  detectLocale,
  isLocale,
  translate,
  type Locale,
  type MessageKey,
  type MessageParams,
} from '../i18n/i18n.js';
import { preferences } from '../preferences.js';

/** Which part of an element a message goes into. */
export type LocalizedPart = 'text' | 'aria-label' | 'placeholder' | 'title';

const PARTS: readonly LocalizedPart[] = ['text', 'aria-label', 'placeholder', 'title'];
const attributeFor = (part: LocalizedPart) => `data-i18n-${part}`;

let current: Locale = 'en';
const listeners = new Set<(locale: Locale) => void>();

/** The stored choice, else the browser's languages. */
export function initLocale(): Locale {
  const stored = preferences.get('locale');
  setLocale(isLocale(stored) ? stored : detectLocale(navigator.languages), false);
  return current;
}

export function currentLocale(): Locale {
  return current;
}

export function t(key: MessageKey, params?: MessageParams): string {
  return translate(current, key, params);
}

/**
 * Puts a message into an element and remembers which one, so a language switch can
 * re-translate the whole page. Always textContent / attributes: parameters (names, chat)
 * are never parsed as HTML.
 */
export function localize<E extends Element>(
  element: E,
  key: MessageKey,
  params?: MessageParams,
  part: LocalizedPart = 'text',
): E {
  element.setAttribute(attributeFor(part), JSON.stringify([key, params ?? {}]));
  apply(element, part, t(key, params));
  return element;
}

/** Switches the language: every localized element, `<html lang>` and listeners follow. */
export function setLocale(locale: Locale, remember = true): void {
  current = locale;
  if (remember) preferences.set('locale', locale);
  document.documentElement.lang = locale;
  for (const part of PARTS) {
    for (const element of document.querySelectorAll(`[${attributeFor(part)}]`)) {
      const [key, params] = JSON.parse(element.getAttribute(attributeFor(part)) ?? '[]') as [
        MessageKey,
        MessageParams,
      ];
      apply(element, part, t(key, params));
    }
  }
  for (const listener of listeners) listener(locale);
}

/** For texts that are not in an element (the document title); returns an unsubscribe. */
export function onLocaleChange(listener: (locale: Locale) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function apply(element: Element, part: LocalizedPart, text: string): void {
  if (part === 'text') element.textContent = text;
  else element.setAttribute(part, text);
}
