import type { ConnectionState } from '../../client/index.js';
import type { MessageKey, MessageParams } from '../i18n/i18n.js';
import { avatarHue, initials } from '../ui/avatar.js';
import { h } from '../ui/dom.js';
import { icon } from '../ui/icons.js';
import { localize } from '../ui/localize.js';
import type { SignalLevel } from './signal-level.js';

export type TileSource = 'camera' | 'screen';

export interface TileOptions {
  readonly name: string;
  readonly source: TileSource;
  /** Remote participant id (`data-peer-id`); null for our own tiles. */
  readonly peerId: string | null;
  /** Our own camera: mirrored, like a mirror (what people expect of a self view). */
  readonly mirrored: boolean;
  /** Accessible name of the tile: a person's name as is, or a message ("Ann's screen"). */
  readonly label: string | { readonly key: MessageKey; readonly params?: MessageParams };
  /** A badge and hint strip; by default remote cameras have one (ours: what limits us). */
  readonly badge?: boolean;
}

export interface BadgeView {
  /** Signal bars (RTT, loss, frame rate); null until measured. */
  readonly level: SignalLevel | null;
  readonly summary: string;
  readonly details: string;
  readonly quality: 'good' | 'warning' | 'error' | 'pending';
  readonly hint: { readonly key: MessageKey; readonly params?: MessageParams } | null;
}

/**
 * One participant's picture in the grid: video (or an avatar when there is none), name,
 * muted indicator, active-speaker ring, and for remote participants the connection badge.
 */
export class Tile {
  readonly element: HTMLDivElement;
  readonly video: HTMLVideoElement;
  /** Whose picture: a participant id, or `self`. */
  readonly owner: string;
  readonly source: TileSource;
  /** The person's display name. */
  readonly name: string;
  /** Top-right corner: small badges and buttons features add (hand, pin). */
  readonly corner: HTMLDivElement;
  /** Over the picture, not in the way of clicks: passing effects (reactions). */
  readonly effects: HTMLDivElement;
  readonly #avatar: HTMLDivElement;
  readonly #muted: HTMLSpanElement;
  readonly #name: HTMLSpanElement;
  readonly #badge: HTMLDivElement;
  readonly #badgeText: HTMLSpanElement;
  readonly #bars: HTMLSpanElement;
  readonly #hint: HTMLDivElement;
  readonly #overlay: HTMLDivElement;
  #videoOn = false;
  #hasFrames = false;

  constructor(options: TileOptions) {
    const { source, peerId } = options;
    this.owner = peerId ?? 'self';
    this.source = source;
    this.name = options.name;
    this.corner = h('div', { class: 'tile-corner' });
    this.effects = h('div', { class: 'tile-effects', attrs: { 'aria-hidden': 'true' } });
    this.video = h('video', {
      class: options.mirrored ? 'tile-video mirrored' : 'tile-video',
      attrs: { autoplay: '', playsinline: '' },
    });
    // Sound plays from a separate <audio> per participant (see RemoteParticipant).
    this.video.muted = true;
    // A stream that went inactive for a moment (its tracks swapped) ends the playback in
    // Firefox for good: load it again while it has live tracks.
    this.video.addEventListener('ended', () => {
      const stream = this.video.srcObject;
      if (!(stream instanceof MediaStream) || !stream.active) return;
      this.video.srcObject = null;
      this.video.srcObject = stream;
    });
    this.video.addEventListener('resize', () => {
      this.#hasFrames = this.video.videoWidth > 0;
      this.#render();
    });
    this.#avatar = h('div', { class: 'avatar', attrs: { 'aria-hidden': 'true' } });
    this.#muted = h('span', { class: 'tile-muted', attrs: { role: 'img' } }, icon('micOff'));
    localize(this.#muted, 'meeting.micOffIcon', {}, 'aria-label');
    this.#name = h('span', { class: 'tile-name' });
    this.#badgeText = h('span', { class: 'badge-text' });
    // Bars by default; the technical line on hover, keyboard focus, or a tap (aria-expanded).
    this.#badge = h('div', {
      class: 'tile-badge',
      attrs: { 'data-quality': 'pending', tabindex: '0', role: 'button', 'aria-expanded': 'false' },
    });
    this.#bars = h(
      'span',
      { class: 'badge-bars', attrs: { 'aria-hidden': 'true' } },
      h('i'),
      h('i'),
      h('i'),
    );
    this.#badge.append(
      h('span', { class: 'badge-dot', attrs: { 'aria-hidden': 'true' } }),
      this.#bars,
      this.#badgeText,
    );
    const toggle = (): void => {
      const open = this.#badge.getAttribute('aria-expanded') === 'true';
      this.#badge.setAttribute('aria-expanded', String(!open));
    };
    this.#badge.addEventListener('click', toggle);
    this.#badge.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      toggle();
    });
    this.#hint = h('div', { class: 'tile-hint', attrs: { role: 'status' } });
    this.#overlay = h('div', { class: 'tile-overlay', attrs: { 'aria-hidden': 'true' } });
    this.#overlay.hidden = true;
    this.element = h(
      'div',
      {
        class: `tile tile-${source}`,
        attrs: { role: 'group', 'data-source': source },
      },
      this.video,
      this.#avatar,
      this.#overlay,
      this.effects,
      (options.badge ?? (peerId !== null && source === 'camera'))
        ? h('div', { class: 'tile-top' }, this.#badge, this.#hint)
        : null,
      h('div', { class: 'tile-footer' }, this.#muted, this.#name),
      this.corner,
    );
    const { label } = options;
    if (typeof label === 'string') {
      this.element.setAttribute('aria-label', label);
      this.#name.textContent = label;
    } else {
      localize(this.element, label.key, label.params, 'aria-label');
      localize(this.#name, label.key, label.params);
    }
    if (peerId !== null) this.element.dataset['peerId'] = peerId;
    else this.element.dataset['self'] = 'true';
    this.#avatar.append(h('span', {}, initials(options.name)));
    this.#avatar.style.setProperty('--hue', String(avatarHue(options.name)));
    this.setMuted(false);
    this.#render();
  }

  /** Shows a stream's video; `on` false (camera off, none) shows the avatar instead. */
  setVideo(stream: MediaStream | null, on: boolean): void {
    if (this.video.srcObject !== stream || (stream !== null && this.#stalled())) {
      // Same stream but stalled: load it again (srcObject is compared, so clear it first).
      this.video.srcObject = null;
      this.video.srcObject = stream;
      this.#hasFrames = this.video.videoWidth > 0;
    }
    this.#videoOn = on && stream !== null;
    this.#render();
  }

  /**
   * Firefox ends the playback of a stream whose tracks all ended (the old media path's,
   * when they end before the new path's track joins the stream) and does not start again
   * when a live track is added: the element stays paused with nothing loaded.
   */
  #stalled(): boolean {
    return (
      this.video.ended ||
      (this.video.paused && this.video.readyState === HTMLMediaElement.HAVE_NOTHING)
    );
  }

  setMuted(muted: boolean): void {
    this.#muted.hidden = !muted;
    this.element.dataset['audio'] = muted ? 'off' : 'on';
  }

  setSpeaking(speaking: boolean): void {
    this.element.classList.toggle('speaking', speaking);
  }

  setConnectionState(state: ConnectionState): void {
    this.element.dataset['connectionState'] = state;
    const key: MessageKey | null =
      state === 'connecting'
        ? 'state.connecting'
        : state === 'reconnecting'
          ? 'state.reconnecting'
          : null;
    this.#overlay.hidden = key === null;
    if (key !== null) localize(this.#overlay, key);
  }

  setBadge(badge: BadgeView): void {
    this.#badge.dataset['quality'] = badge.quality;
    this.#bars.dataset['level'] = badge.level ?? 'unknown';
    if (badge.level === null) this.#badge.removeAttribute('aria-label');
    else localize(this.#badge, `badge.level.${badge.level}`, {}, 'aria-label');
    this.#badgeText.textContent = badge.summary;
    this.#badge.title = badge.details;
    this.#badge.hidden = badge.summary === '';
    this.#hint.hidden = badge.hint === null;
    if (badge.hint === null) this.#hint.textContent = '';
    else localize(this.#hint, badge.hint.key, badge.hint.params);
    this.#hint.dataset['severity'] = badge.quality;
  }

  remove(): void {
    this.video.srcObject = null;
    this.element.remove();
  }

  #render(): void {
    // Until frames arrive the avatar stays: no black rectangle while connecting.
    const showVideo = this.#videoOn && this.#hasFrames;
    this.element.classList.toggle('has-video', showVideo);
    this.element.dataset['video'] = this.#videoOn ? 'on' : 'off';
  }
}
