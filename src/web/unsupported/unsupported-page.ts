import { appHeader } from '../ui/app-header.js';
import { h } from '../ui/dom.js';
import { t } from '../ui/localize.js';
import type { Page, Shell } from '../ui/page.js';

/** Instead of the pre-join page in a browser without WebRTC: it could never connect. */
export function unsupportedPage(shell: Shell): Page {
  const home = h('button', { class: 'button', attrs: { type: 'button' }, t: 'unsupported.home' });
  home.addEventListener('click', () => {
    shell.navigate('/');
  });
  const heading = h('h1', { t: 'unsupported.title', attrs: { tabindex: '-1' } });
  const element = h(
    'div',
    { class: 'page end-page' },
    appHeader(shell),
    h(
      'main',
      { class: 'end-main' },
      h(
        'div',
        { class: 'card end-card', attrs: { 'data-page': 'unsupported' } },
        heading,
        h('p', { t: 'unsupported.detail' }),
        h('div', { class: 'end-actions' }, home),
      ),
    ),
  );
  queueMicrotask(() => {
    heading.focus();
  });
  return {
    element,
    title: () => `${t('unsupported.title')} · ${t('app.name')}`,
    dispose: () => undefined,
  };
}
