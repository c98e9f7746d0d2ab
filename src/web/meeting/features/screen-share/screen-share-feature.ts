import type { MeetingFeature } from '../../feature.js';
import { Tile } from '../../tile.js';
import { ScreenShare } from './screen-share.js';

/** "Share screen": the browser's picker, the call, our own screen tile. */
export const screenShareFeature: MeetingFeature = {
  id: 'screen-share',
  mount({ call, controls, grid, name, notify }) {
    const screen = new ScreenShare();
    let tile: Tile | null = null;
    const button = controls.add({
      id: 'share',
      icon: 'share',
      label: 'control.shareStart',
      order: 30,
      collapsible: true,
      onPress: () => void toggle(),
    });
    button.setHidden(!ScreenShare.supported);
    const setSharing = (sharing: boolean): void => {
      button.setLabel(sharing ? 'control.shareStop' : 'control.shareStart');
      button.setIcon(sharing ? 'shareStop' : 'share');
      button.setOn(sharing);
    };
    const stop = (): void => {
      if (screen.track === null) return;
      screen.stop();
      call.stopScreenShare();
      if (tile !== null) grid.remove(tile);
      tile = null;
      setSharing(false);
    };
    const toggle = async (): Promise<void> => {
      if (screen.track !== null) {
        stop();
        return;
      }
      try {
        const track = await screen.start(stop);
        call.startScreenShare(track);
        tile = new Tile({
          name,
          source: 'screen',
          peerId: null,
          mirrored: false,
          label: { key: 'meeting.yourScreen' },
        });
        tile.setVideo(new MediaStream([track]), true);
        grid.add(tile);
        setSharing(true);
      } catch (error) {
        // Cancelling the browser's picker is not worth a message.
        if (!(error instanceof DOMException && error.name === 'NotAllowedError'))
          notify('meeting.shareFailed', {
            detail: error instanceof Error ? error.message : String(error),
          });
      }
    };
    return { dispose: stop };
  },
};
