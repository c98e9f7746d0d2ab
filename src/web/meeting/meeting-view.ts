import type { MessageKey } from '../i18n/i18n.js';
import { Toasts } from '../ui/toasts.js';
import { h } from '../ui/dom.js';
import { Banners } from './banners.js';
import { ChatPanel, type ChatEntry } from './chat-panel.js';
import { ControlBar, type ControlAction } from './control-bar.js';
import { MediaPathIndicator } from './media-path-indicator.js';
import { PeoplePanel } from './people-panel.js';
import { VideoGrid } from './video-grid.js';

export type SidePanel = 'chat' | 'people';

export interface MeetingViewHandlers {
  readonly onAction: (action: Exclude<ControlAction, 'chat' | 'people'>) => void;
  /** Sends a chat message; false when nobody could receive it. */
  readonly onSend: (text: string) => boolean;
}

/**
 * The meeting screen's layout: header with banners, the video grid, the side panel (chat
 * or participants), the control bar and toasts. Knows nothing about connections.
 */
export class MeetingView {
  readonly element: HTMLDivElement;
  readonly grid = new VideoGrid();
  readonly banners = new Banners();
  /** Which way media travels, in plain words. */
  readonly mediaPath = new MediaPathIndicator('mesh');
  readonly toasts = new Toasts();
  readonly controls: ControlBar;
  readonly chat: ChatPanel;
  readonly people: PeoplePanel;
  /** Remote participants' <audio> elements (not rendered; they only play). */
  readonly audioSink = h('div', { class: 'audio-sink' });
  readonly #alone: HTMLParagraphElement;
  readonly #side: HTMLElement;
  #panel: SidePanel | null = null;
  #unread = 0;

  constructor(room: string, handlers: MeetingViewHandlers, canShareScreen: boolean) {
    this.controls = new ControlBar((action) => {
      if (action === 'chat' || action === 'people') this.togglePanel(action);
      else handlers.onAction(action);
    }, canShareScreen);
    const close = () => {
      this.togglePanel(null);
    };
    this.chat = new ChatPanel(handlers.onSend, close);
    this.people = new PeoplePanel(close);
    this.#side = h('aside', { class: 'side' }, this.chat.element, this.people.element);
    this.#side.hidden = true;
    this.#alone = h('p', { class: 'alone', t: 'meeting.alone' });
    this.audioSink.hidden = true;
    this.#side.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.togglePanel(null);
    });
    this.element = h(
      'div',
      { class: 'page meeting-page' },
      h(
        'header',
        { class: 'meeting-header' },
        h('span', { class: 'brand-mark', attrs: { 'aria-hidden': 'true' } }),
        h('h1', { class: 'meeting-room' }, room),
        this.mediaPath.element,
      ),
      this.banners.element,
      h(
        'div',
        { class: 'meeting-body' },
        h('main', { class: 'meeting-stage' }, this.grid.element, this.#alone),
        this.#side,
      ),
      this.controls.element,
      this.toasts.element,
      this.audioSink,
    );
  }

  /** Opens a side panel, or closes it when it is already open (null closes any). */
  togglePanel(panel: SidePanel | null): void {
    const next = panel === this.#panel ? null : panel;
    this.#panel = next;
    this.#side.hidden = next === null;
    this.element.classList.toggle('with-side', next !== null);
    this.chat.element.hidden = next !== 'chat';
    this.people.element.hidden = next !== 'people';
    this.controls.setPanel(next);
    if (next === 'chat') {
      this.#unread = 0;
      this.controls.setUnread(0);
      this.chat.focus();
    }
  }

  addChat(entry: ChatEntry): void {
    this.chat.add(entry);
    if (this.#panel === 'chat' || entry.self) return;
    this.#unread += 1;
    this.controls.setUnread(this.#unread);
  }

  setAlone(alone: boolean): void {
    this.#alone.hidden = !alone;
  }

  notify(key: MessageKey, params?: Record<string, string | number>, ms?: number): void {
    this.toasts.show(key, params, ms);
  }

  dispose(): void {
    this.grid.dispose();
    this.toasts.dispose();
  }
}
