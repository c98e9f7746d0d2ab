import { SELF, type MeetingFeature } from '../../feature.js';

/** Whether this browser has the Picture-in-Picture API (Chromium; not Firefox). */
const supported = (): boolean =>
  typeof document !== 'undefined' &&
  'pictureInPictureEnabled' in document &&
  document.pictureInPictureEnabled;

/**
 * Picture-in-picture of the active speaker: a floating window that stays on top while the
 * person works in another tab. It follows the speaker while open. Hidden where the
 * browser has no such API.
 */
export const pipFeature: MeetingFeature = {
  id: 'pip',
  mount({ controls, grid, events, notify }) {
    let speaker: string | null = null;
    const item = controls.menu.add({
      id: 'pip',
      icon: 'pip',
      label: 'pip.open',
      order: 20,
      onSelect: () => void toggle(),
    });
    item.setHidden(!supported());
    /** The video to float: the one shown large, else the speaker's, else anyone's. */
    const target = (): HTMLVideoElement | null => {
      const cameras = grid.tiles.filter((t) => t.source === 'camera' && t.owner !== SELF);
      const staged = grid.staged.find((t) => t.owner !== SELF);
      const tile = staged ?? cameras.find((t) => t.owner === speaker) ?? cameras[0];
      return tile?.video ?? null;
    };
    const render = (): void => {
      item.setLabel(document.pictureInPictureElement === null ? 'pip.open' : 'pip.close');
    };
    const show = async (video: HTMLVideoElement): Promise<void> => {
      try {
        await video.requestPictureInPicture();
        video.addEventListener('leavepictureinpicture', render, { once: true });
      } catch (error) {
        notify('pip.failed', { detail: error instanceof Error ? error.message : String(error) });
      }
      render();
    };
    const toggle = async (): Promise<void> => {
      if (document.pictureInPictureElement !== null) {
        await document.exitPictureInPicture().catch(() => undefined);
        render();
        return;
      }
      const video = target();
      if (video === null) notify('pip.nobody');
      else await show(video);
    };
    events.on('speaker', (id) => {
      if (id === null || id === SELF) return;
      speaker = id;
      const open = document.pictureInPictureElement;
      const video = target();
      // Switching the floating video needs no new click while one is open.
      if (open !== null && video !== null && open !== video) void show(video);
    });
    return {
      dispose: () => {
        if (document.pictureInPictureElement !== null)
          void document.exitPictureInPicture().catch(() => undefined);
      },
    };
  },
};
