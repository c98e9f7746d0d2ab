import { LOCALES, isLocale } from '../i18n/i18n.js';
import { h } from './dom.js';
import { icon } from './icons.js';
import { currentLocale, setLocale } from './localize.js';
import type { Shell } from './page.js';

/** The language menu: each language named in itself. */
export function languagePicker(): HTMLElement {
  const select = h(
    'select',
    { class: 'language-select', label: 'language.label' },
    ...LOCALES.map(({ id, label }) => h('option', { attrs: { value: id, lang: id } }, label)),
  );
  select.value = currentLocale();
  select.addEventListener('change', () => {
    if (isLocale(select.value)) setLocale(select.value);
  });
  return h('div', { class: 'language' }, icon('language'), select);
}

/** Brand mark, linking home. */
export function brand(shell: Shell): HTMLAnchorElement {
  const link = h(
    'a',
    { class: 'brand', attrs: { href: '/' } },
    h('span', { class: 'brand-mark', attrs: { 'aria-hidden': 'true' } }),
    h('span', { class: 'brand-name', t: 'app.name' }),
  );
  link.addEventListener('click', (event) => {
    event.preventDefault();
    shell.navigate('/');
  });
  return link;
}

/** The top bar of the home and pre-join pages. */
export function appHeader(shell: Shell): HTMLElement {
  return h('header', { class: 'app-header' }, brand(shell), languagePicker());
}
