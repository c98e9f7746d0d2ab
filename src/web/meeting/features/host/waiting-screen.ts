import type { LocalMedia } from '../../../media/local-media.js';
import { h } from '../../../ui/dom.js';

/**
 * While the host has not admitted us: "Waiting for the host", our own preview (so we can
 * fix our hair and check the microphone meanwhile), and the way out.
 */
export class WaitingScreen {
  readonly element: HTMLElement;
  readonly #video: HTMLVideoElement;

  constructor(
    private readonly media: LocalMedia,
    leave: () => void,
  ) {
    this.#video = h('video', { class: 'waiting-preview', attrs: { playsinline: '' } });
    this.#video.muted = true;
    this.#video.autoplay = true;
    const leaveButton = h('button', {
      class: 'button',
      attrs: { type: 'button' },
      t: 'lobby.leave',
    });
    leaveButton.addEventListener('click', leave);
    this.element = h(
      'div',
      { class: 'waiting-screen', attrs: { role: 'dialog', 'aria-modal': 'true' } },
      h(
        'div',
        { class: 'card waiting-card' },
        this.#video,
        h('h2', { t: 'lobby.waitingTitle', attrs: { id: 'waiting-title' } }),
        h('p', { t: 'lobby.waitingDetail' }),
        h('div', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }),
        leaveButton,
      ),
    );
    this.element.setAttribute('aria-labelledby', 'waiting-title');
    this.element.hidden = true;
  }

  show(): void {
    const camera = this.media.camera;
    this.#video.srcObject = camera === null ? null : new MediaStream([camera]);
    this.#video.hidden = camera === null;
    this.element.hidden = false;
  }

  hide(): void {
    this.element.hidden = true;
    this.#video.srcObject = null;
  }
}
