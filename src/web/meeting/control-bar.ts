import type { MessageKey, MessageParams } from '../i18n/i18n.js';
import { h } from '../ui/dom.js';
import { icon, setIcon, type IconName } from '../ui/icons.js';
import { localize } from '../ui/localize.js';

export type ControlAction =
  'microphone' | 'camera' | 'share' | 'chat' | 'people' | 'invite' | 'leave';

/** A round icon button whose accessible name (and tooltip) says what a press does. */
class ControlButton {
  readonly element: HTMLButtonElement;
  readonly #icon: SVGSVGElement;
  readonly #badge = h('span', { class: 'control-badge', attrs: { 'aria-hidden': 'true' } });

  constructor(action: ControlAction, iconName: IconName, label: MessageKey, onPress: () => void) {
    this.#icon = icon(iconName);
    this.element = h(
      'button',
      { class: `control control-${action}`, attrs: { type: 'button' } },
      this.#icon,
      this.#badge,
    );
    this.element.dataset['action'] = action;
    this.#badge.hidden = true;
    this.setLabel(label);
    this.element.addEventListener('click', onPress);
  }

  setLabel(key: MessageKey, params?: MessageParams): void {
    localize(this.element, key, params, 'aria-label');
    localize(this.element, key, params, 'title');
  }

  setIcon(name: IconName): void {
    setIcon(this.#icon, name);
  }

  /** `off`: drawn in warning red (microphone muted, camera off). */
  setOff(off: boolean): void {
    this.element.classList.toggle('off', off);
  }

  setActive(active: boolean): void {
    this.element.classList.toggle('active', active);
    this.element.setAttribute('aria-expanded', String(active));
  }

  setBadge(count: number): void {
    this.#badge.hidden = count === 0;
    this.#badge.textContent = count > 99 ? '99+' : String(count);
  }
}

/** The bar at the bottom of the meeting. Every control is a real <button> with a name. */
export class ControlBar {
  readonly element: HTMLElement;
  readonly #buttons: Record<ControlAction, ControlButton>;

  constructor(onAction: (action: ControlAction) => void, canShareScreen: boolean) {
    const button = (action: ControlAction, iconName: IconName, label: MessageKey) =>
      new ControlButton(action, iconName, label, () => {
        onAction(action);
      });
    this.#buttons = {
      microphone: button('microphone', 'mic', 'control.micOff'),
      camera: button('camera', 'camera', 'control.cameraOff'),
      share: button('share', 'share', 'control.shareStart'),
      chat: button('chat', 'chat', 'control.chat'),
      people: button('people', 'people', 'control.participants'),
      invite: button('invite', 'link', 'control.invite'),
      leave: button('leave', 'leave', 'control.leave'),
    };
    const b = this.#buttons;
    b.share.element.hidden = !canShareScreen;
    b.chat.setActive(false);
    b.people.setActive(false);
    this.element = h(
      'nav',
      { class: 'control-bar', label: 'controls.label' },
      h(
        'div',
        { class: 'controls-main' },
        b.microphone.element,
        b.camera.element,
        b.share.element,
        b.invite.element,
        b.leave.element,
      ),
      h('div', { class: 'controls-side' }, b.chat.element, b.people.element),
    );
  }

  setMicrophone(on: boolean): void {
    const b = this.#buttons.microphone;
    b.setLabel(on ? 'control.micOff' : 'control.micOn');
    b.setIcon(on ? 'mic' : 'micOff');
    b.setOff(!on);
  }

  setCamera(on: boolean): void {
    const b = this.#buttons.camera;
    b.setLabel(on ? 'control.cameraOff' : 'control.cameraOn');
    b.setIcon(on ? 'camera' : 'cameraOff');
    b.setOff(!on);
  }

  setSharing(sharing: boolean): void {
    const b = this.#buttons.share;
    b.setLabel(sharing ? 'control.shareStop' : 'control.shareStart');
    b.setIcon(sharing ? 'shareStop' : 'share');
    b.element.classList.toggle('active', sharing);
  }

  setPanel(open: 'chat' | 'people' | null): void {
    this.#buttons.chat.setActive(open === 'chat');
    this.#buttons.people.setActive(open === 'people');
  }

  setUnread(count: number): void {
    const b = this.#buttons.chat;
    b.setBadge(count);
    if (count === 0) b.setLabel('control.chat');
    else b.setLabel('control.chatUnread', { count });
  }

  setParticipantCount(count: number): void {
    this.#buttons.people.setBadge(count);
  }
}
