import { canPickSpeaker, DevicePickers } from '../../../prejoin/device-pickers.js';
import type { MeetingFeature } from '../../feature.js';

/**
 * Camera, microphone and speaker during the call (a side panel with the pre-join page's
 * pickers). A new camera or microphone goes out with `replaceTrack` (no renegotiation);
 * the speaker is each remote `<audio>` element's sink, where the browser can pick one.
 * An unplugged device falls back to the default one, and the person is told.
 */
export const devicesFeature: MeetingFeature = {
  id: 'devices',
  mount({ controls, panels, media, people, notify }) {
    const panel = panels.add({
      id: 'devices',
      title: 'devices.title',
      onOpen: () => void pickers.refresh(),
    });
    const pickers = new DevicePickers(media);
    panel.body.append(pickers.element);
    controls.menu.add({
      id: 'devices',
      icon: 'tune',
      label: 'devices.open',
      order: 80,
      onSelect: () => {
        panel.open();
      },
    });
    const applySpeaker = (audio: HTMLAudioElement): void => {
      const id = media.selected('speaker');
      if (canPickSpeaker && id !== null) void audio.setSinkId(id).catch(() => undefined);
    };
    people.on('joined', (participant) => {
      applySpeaker(participant.audio);
    });
    media.on('change', () => {
      for (const participant of people.values()) applySpeaker(participant.audio);
      if (panel.isOpen()) void pickers.refresh();
    });
    media.on('device-lost', (kind) => {
      notify(kind === 'camera' ? 'devices.cameraLost' : 'devices.microphoneLost');
    });
    return {
      dispose: () => {
        pickers.dispose();
      },
    };
  },
};
