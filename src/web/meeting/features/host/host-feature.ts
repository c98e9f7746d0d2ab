import { h } from '../../../ui/dom.js';
import { icon } from '../../../ui/icons.js';
import { localize } from '../../../ui/localize.js';
import { SELF, type MeetingContext, type MeetingFeature } from '../../feature.js';
import type { Person } from '../../people-panel.js';
import { hostMenu } from './host-menu.js';
import { LobbyList } from './lobby-list.js';
import { PasscodePanel } from './passcode-panel.js';
import { WaitingScreen } from './waiting-screen.js';

/**
 * Running the meeting (the server enforces every rule; this is only its face): the host
 * badge, the lobby (waiting screen for us, Admit / Deny for the host), lock, passcode,
 * remove, ask to mute, make host, end for all. Requests we may not make never reach anyone.
 */
export const hostFeature: MeetingFeature = {
  id: 'host',
  mount(context) {
    const { call, participants, roles, notify, media } = context;
    const room = call.room;
    const waiting = new WaitingScreen(media, () => {
      call.close();
    });
    context.addOverlay(waiting.element);
    room.on('lobby', () => {
      waiting.show();
    });
    call.on('joined', () => {
      waiting.hide();
    });

    const lobby = new LobbyList((id, admit) => {
      if (admit) room.admit(id);
      else room.deny(id);
    });
    participants.addSection(lobby.element);
    room.on('knock', (knock) => {
      notify('lobby.knockToast', { name: knock.name }, 8000);
      // Admit / Deny are in the participants list: show it, unless another panel is in use.
      if (context.panels.open === null) context.panels.show('people');
    });

    const passcode = new PasscodePanel(context);
    const menu = hostMenu(context, () => {
      passcode.open();
    });
    const locked = h('span', { class: 'meeting-locked', attrs: { role: 'img' } }, icon('lock'));
    localize(locked, 'host.lockedIndicator', {}, 'aria-label');
    localize(locked, 'host.lockedIndicator', {}, 'title');
    context.addToHeader(locked);

    let wasHost = false;
    const render = (): void => {
      const amHost = roles.isHost(SELF);
      if (amHost && !wasHost && call.state === 'joined' && call.participants.length > 0)
        notify('host.youAreHost');
      wasHost = amHost;
      lobby.render(room.waiting);
      menu.render();
      passcode.render();
      locked.hidden = !room.controls.locked;
      participants.refresh();
    };
    roles.on('change', render);

    room.on('mute-requested', (by) => {
      if (!media.microphoneOn) return;
      void media.setMicrophoneOn(false).then(() => {
        notify('host.mutedYou', { name: context.nameOf(by) });
      });
    });

    participants.addBadge((person) =>
      roles.isHost(person.self ? SELF : person.id) ? hostBadge() : null,
    );
    participants.addAction((person) =>
      person.self || !roles.isHost(SELF) ? null : hostActions(context, person),
    );
    render();
    return {
      dispose: () => {
        waiting.hide();
      },
    };
  },
};

function hostBadge(): HTMLElement {
  return h('span', { class: 'host-badge', t: 'host.badge' });
}

/** The host's buttons on another participant's row. */
function hostActions(context: MeetingContext, person: Person): HTMLElement {
  const room = context.call.room;
  const action = (key: 'host.askToMute' | 'host.makeHost' | 'host.remove', run: () => void) => {
    const button = h('button', {
      class: 'button small',
      attrs: { type: 'button', 'data-host-action': key.slice('host.'.length) },
      t: key,
    });
    localize(button, `${key}For`, { name: person.name }, 'title');
    button.addEventListener('click', run);
    return button;
  };
  return h(
    'span',
    { class: 'host-actions' },
    person.microphoneOn
      ? action('host.askToMute', () => {
          room.askToMute(person.id);
        })
      : null,
    action('host.makeHost', () => {
      room.makeHost(person.id);
    }),
    action('host.remove', () => {
      room.remove(person.id);
    }),
  );
}
