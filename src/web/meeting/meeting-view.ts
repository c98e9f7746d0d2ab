import type { MessageKey, MessageParams } from '../i18n/i18n.js';
import { Toasts } from '../ui/toasts.js';
import { h } from '../ui/dom.js';
import { Banners } from './banners.js';
import { ControlBar, type ControlHandle } from './control-bar.js';
import { MediaPathIndicator } from './media-path-indicator.js';
import { PeoplePanel } from './people-panel.js';
import { SidePanels } from './side-panels.js';
import { VideoGrid } from './video-grid.js';

/**
 * The meeting screen's layout and its slots: header (room, media path, indicators),
 * banners, the video grid, side panels, the control bar and toasts. Knows nothing about
 * connections; features fill the slots.
 */
export class MeetingView {
  readonly element: HTMLDivElement;
  readonly grid = new VideoGrid();
  readonly banners = new Banners();
  /** Which way media travels, in plain words. */
  readonly mediaPath = new MediaPathIndicator('mesh');
  readonly toasts = new Toasts();
  readonly controls = new ControlBar();
  readonly panels: SidePanels;
  readonly people: PeoplePanel;
  /** Indicators features put in the header (recording). */
  readonly indicators = h('div', { class: 'meeting-indicators' });
  /** Remote participants' <audio> elements (not rendered; they only play). */
  readonly audioSink = h('div', { class: 'audio-sink' });
  readonly #alone: HTMLParagraphElement;
  readonly #peopleButton: ControlHandle;

  constructor(room: string) {
    this.panels = new SidePanels((open) => {
      this.element.classList.toggle('with-side', open);
    });
    const peopleButton = this.controls.add({
      id: 'people',
      icon: 'people',
      label: 'control.participants',
      group: 'side',
      order: 30,
      onPress: () => {
        peoplePanel.toggle();
      },
    });
    peopleButton.setExpanded(false);
    const peoplePanel = this.panels.add({
      id: 'people',
      title: 'people.title',
      titleParams: { count: 1 },
      onChange: (open) => {
        peopleButton.setExpanded(open);
        this.people.shown(open);
      },
    });
    this.people = new PeoplePanel(peoplePanel);
    this.#peopleButton = peopleButton;
    this.#alone = h('p', { class: 'alone', t: 'meeting.alone' });
    this.audioSink.hidden = true;
    this.element = h(
      'div',
      { class: 'page meeting-page' },
      h(
        'header',
        { class: 'meeting-header' },
        h('span', { class: 'brand-mark', attrs: { 'aria-hidden': 'true' } }),
        h('h1', { class: 'meeting-room' }, room),
        this.mediaPath.element,
        this.indicators,
      ),
      this.banners.element,
      h(
        'div',
        { class: 'meeting-body' },
        h('main', { class: 'meeting-stage' }, this.grid.element, this.#alone),
        this.panels.element,
      ),
      this.controls.element,
      this.toasts.element,
      this.audioSink,
    );
  }

  setParticipantCount(count: number): void {
    this.#peopleButton.setBadge(count);
  }

  setAlone(alone: boolean): void {
    this.#alone.hidden = !alone;
  }

  notify(key: MessageKey, params?: MessageParams, ms?: number): void {
    this.toasts.show(key, params, ms);
  }

  dispose(): void {
    this.grid.dispose();
    this.toasts.dispose();
    this.controls.menu.dispose();
  }
}
