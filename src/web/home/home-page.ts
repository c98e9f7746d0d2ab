import { newRoomId, parseRoomInput, roomPath } from '../room-links.js';
import { appHeader } from '../ui/app-header.js';
import { h } from '../ui/dom.js';
import { icon } from '../ui/icons.js';
import { localize, t } from '../ui/localize.js';
import type { Page, Shell } from '../ui/page.js';

/** `/`: start a new meeting, or join one by name or pasted link. */
export function homePage(shell: Shell, meshLimit: number): Page {
  const create = h(
    'button',
    { class: 'button primary large', attrs: { type: 'button' } },
    icon('newMeeting'),
    h('span', { t: 'home.newMeeting' }),
  );
  create.addEventListener('click', () => {
    shell.navigate(roomPath(newRoomId()));
  });

  const input = h('input', {
    attrs: {
      id: 'join-input',
      type: 'text',
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-describedby': 'join-error',
    },
    placeholder: 'home.joinPlaceholder',
  });
  const error = h('p', { class: 'field-error', attrs: { id: 'join-error', role: 'alert' } });
  const form = h(
    'form',
    { class: 'join-form' },
    h('label', { attrs: { for: 'join-input' }, t: 'home.joinLabel' }),
    h(
      'div',
      { class: 'join-row' },
      input,
      h('button', { class: 'button', attrs: { type: 'submit' }, t: 'home.join' }),
    ),
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const parsed = parseRoomInput(input.value, location.origin);
    if (parsed === null) {
      localize(error, 'home.invalidRoom');
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    if (parsed.kind === 'elsewhere') location.assign(parsed.href);
    else shell.navigate(roomPath(parsed.room, parsed.token));
  });

  const point = (
    name: Parameters<typeof icon>[0],
    key: Parameters<typeof localize>[1],
    params = {},
  ) => h('li', {}, icon(name), localize(h('span'), key, params));

  const element = h(
    'div',
    { class: 'page home-page' },
    appHeader(shell),
    h(
      'main',
      { class: 'home-main' },
      h(
        'section',
        { class: 'home-intro' },
        h('h1', { t: 'home.title' }),
        h('p', { class: 'tagline', t: 'app.tagline' }),
        h('div', { class: 'home-actions' }, create),
        form,
        h(
          'ul',
          { class: 'home-points' },
          point('lock', 'home.point.private'),
          point('people', 'home.point.small', { count: meshLimit }),
          point('link', 'home.point.selfHosted'),
        ),
      ),
      h(
        'div',
        { class: 'home-art', attrs: { 'aria-hidden': 'true' } },
        ...['A', 'M', 'J', 'L'].map((letter, i) =>
          h('div', { class: `art-tile art-${String(i)}` }, h('span', {}, letter)),
        ),
      ),
    ),
  );
  return {
    element,
    title: () => `${t('app.name')} · ${t('home.title')}`,
    dispose: () => undefined,
  };
}
