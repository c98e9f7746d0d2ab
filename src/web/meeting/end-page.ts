import type { ConfabError } from '../../client/index.js';
import { appHeader } from '../ui/app-header.js';
import { h } from '../ui/dom.js';
import { t } from '../ui/localize.js';
import type { Page, Shell } from '../ui/page.js';
import { endReason } from './end-reason.js';

/** After the meeting: why it ended, and the way back in (null: none) or home. */
export function endPage(
  shell: Shell,
  error: ConfabError | null,
  rejoin: (() => void) | null,
): Page {
  const reason = endReason(error);
  const rejoinButton = h('button', {
    class: 'button primary',
    attrs: { type: 'button' },
    t: 'end.rejoin',
  });
  if (rejoin !== null) rejoinButton.addEventListener('click', rejoin);
  rejoinButton.hidden = !reason.canRejoin || rejoin === null;
  const homeButton = h('button', { class: 'button', attrs: { type: 'button' }, t: 'end.home' });
  homeButton.addEventListener('click', () => {
    shell.navigate('/');
  });
  const heading = h('h1', { t: reason.title, attrs: { tabindex: '-1' } });
  const element = h(
    'div',
    { class: 'page end-page' },
    appHeader(shell),
    h(
      'main',
      { class: 'end-main' },
      h(
        'div',
        { class: 'card end-card', attrs: { 'data-end': error?.code ?? 'left' } },
        heading,
        reason.detail === null
          ? null
          : h('p', { t: reason.detail, params: { detail: error?.message ?? '' } }),
        h('div', { class: 'end-actions' }, rejoinButton, homeButton),
      ),
    ),
  );
  queueMicrotask(() => {
    heading.focus();
  });
  return {
    element,
    title: () => `${t(reason.title)} · ${t('app.name')}`,
    dispose: () => undefined,
  };
}
