import { h } from '../../../ui/dom.js';
import { icon } from '../../../ui/icons.js';
import { localize } from '../../../ui/localize.js';
import { SELF, type MeetingFeature } from '../../feature.js';
import type { Tile } from '../../tile.js';
import { chooseStage, type LayoutMode } from './stage-choice.js';

/**
 * Grid and speaker layouts, and pinning a tile (this person's view only): a pin button on
 * each tile, a "Speaker view"/"Grid view" entry in the "more" menu. What is shown large
 * (or, in the grid, speaks) is the call's spotlight: in a mesh it gets the higher frame rate.
 */
export const layoutFeature: MeetingFeature = {
  id: 'layout',
  mount({ controls, grid, tileViews, events }) {
    let mode: LayoutMode = 'grid';
    let pinned: Tile | null = null;
    let speaker: string | null = null;
    let lastRemoteSpeaker: string | null = null;
    const pins = new Map<Tile, HTMLButtonElement>();

    const item = controls.menu.add({
      id: 'layout',
      icon: 'speakerView',
      label: 'layout.speaker',
      order: 10,
      onSelect: () => {
        mode = mode === 'grid' ? 'speaker' : 'grid';
        apply();
      },
    });
    /** Who is where; all a new active speaker changes. */
    const arrange = (): void => {
      grid.arrange();
      const staged = grid.staged.find((tile) => tile.source === 'camera');
      // Shown large: the staged participant; in the grid, the one speaking.
      const spotlight = staged?.owner ?? (mode === 'grid' ? speaker : null);
      tileViews.setSpotlight(spotlight === SELF ? null : spotlight);
    };
    const apply = (): void => {
      grid.element.dataset['layout'] = pinned === null ? mode : 'pinned';
      item.setLabel(mode === 'grid' ? 'layout.speaker' : 'layout.grid');
      item.setIcon(mode === 'grid' ? 'speakerView' : 'grid');
      for (const [tile, button] of pins) renderPin(tile, button);
      arrange();
    };
    const renderPin = (tile: Tile, button: HTMLButtonElement): void => {
      const on = pinned === tile;
      const label = tile.element.getAttribute('aria-label') ?? tile.name;
      localize(button, on ? 'layout.unpin' : 'layout.pin', { name: label }, 'aria-label');
      button.classList.toggle('on', on);
      button.setAttribute('aria-pressed', String(on));
    };
    grid.setStagePolicy((tiles) =>
      chooseStage({ mode, tiles, pinned, speaker: lastRemoteSpeaker, self: SELF }),
    );
    const addPin = (tile: Tile): void => {
      const button = h('button', { class: 'tile-pin', attrs: { type: 'button' } }, icon('pin'));
      button.addEventListener('click', () => {
        pinned = pinned === tile ? null : tile;
        apply();
      });
      pins.set(tile, button);
      tile.corner.append(button);
      renderPin(tile, button);
    };
    for (const tile of grid.tiles) addPin(tile);
    grid.on('tile-added', addPin);
    grid.on('tile-removed', (tile) => {
      pins.delete(tile);
      if (pinned === tile) pinned = null;
      apply();
    });
    events.on('speaker', (id) => {
      speaker = id;
      if (id !== null && id !== SELF) lastRemoteSpeaker = id;
      arrange();
    });
    apply();
    return { dispose: () => undefined };
  },
};
