import { Call, type ConfabError } from '../../client/index.js';
import type { LocalMedia } from '../media/local-media.js';
import { inviteLink } from '../room-links.js';
import { t } from '../ui/localize.js';
import type { Page } from '../ui/page.js';
import { showCallBanners } from './call-banners.js';
import { ConnectionMonitor } from './connection-monitor.js';
import { MeetingView } from './meeting-view.js';
import { meshTooLarge } from './mesh-size.js';
import { RemotePeople } from './remote-people.js';
import { ScreenShare } from './screen-share.js';
import { ScreenShareControl } from './screen-share-control.js';
import { SelfView } from './self-view.js';
import { SpeakerMonitor } from './speaker-monitor.js';
import { TileViews } from './tile-views.js';

export interface MeetingOptions {
  readonly room: string;
  readonly token: string | null;
  readonly name: string;
  /** Taken over from the pre-join page; stopped when the meeting page goes. */
  readonly media: LocalMedia;
  /** Meeting size (ourselves included) beyond which we warn that a mesh struggles. */
  readonly meshLimit: number;
}

const SELF = 'self';

/**
 * The meeting: a `Call` (the client library) and the local devices, wired to the view
 * through one small module per concern (self view, remote people, screen share, banners,
 * connection badges, active speaker, tile sizes).
 */
export function meetingPage(
  options: MeetingOptions,
  onEnd: (error: ConfabError | null) => void,
): Page {
  const { room, token, name, media } = options;
  const call = new Call({
    room,
    name,
    audio: media.microphone,
    video: media.camera,
    ...(token === null ? {} : { token }),
  });
  let ended = false;
  const end = (error: ConfabError | null): void => {
    if (ended) return;
    ended = true;
    call.close();
    onEnd(error);
  };
  const deviceFailed = (error: unknown): void => {
    view.notify('meeting.deviceFailed', {
      detail: error instanceof Error ? error.message : String(error),
    });
  };
  const view = new MeetingView(
    room,
    {
      onAction: (action) => {
        switch (action) {
          case 'microphone':
            void media.setMicrophoneOn(!media.microphoneOn).catch(deviceFailed);
            return;
          case 'camera':
            void media.setCameraOn(media.camera === null).catch(deviceFailed);
            return;
          case 'share':
            void share.toggle();
            return;
          case 'invite':
            void copyInvite(view, room, token);
            return;
          case 'leave':
            end(null);
            return;
        }
      },
      onSend: (text) => {
        const message = call.sendChat(text);
        view.addChat({ from: t('meeting.you'), self: true, text, sentAt: message.sentAt });
        return call.participants.length > 0;
      },
    },
    ScreenShare.supported,
  );
  const self = new SelfView(name, media, call, view);
  const share = new ScreenShareControl(name, call, view);
  const tiles = new TileViews((id, source, tileView) => {
    call.setView(id, source, tileView);
  });
  const applySpeaker = (audio: HTMLAudioElement): void => {
    const id = media.selected('speaker');
    if (id !== null && 'setSinkId' in audio) void audio.setSinkId(id).catch(() => undefined);
  };
  const people = new RemotePeople(call, view, tiles, {
    changed: () => {
      renderPeople();
    },
    stateChanged: (participant) => {
      monitor.refresh(participant);
    },
    left: (id) => {
      monitor.forget(id);
    },
    audioAdded: applySpeaker,
  });
  const renderPeople = (): void => {
    view.people.render([
      { id: SELF, name, self: true, state: null, microphoneOn: media.microphoneOn, detail: '' },
      ...[...people.values()].map((p) => ({
        id: p.id,
        name: p.name,
        self: false,
        state: p.state,
        microphoneOn: p.media?.audio ?? true,
        detail: monitor.summary(p.id),
      })),
    ]);
    const count = people.size + 1;
    view.controls.setParticipantCount(count);
    view.setAlone(people.size === 0);
    if (meshTooLarge(count, options.meshLimit) && call.path === 'mesh')
      view.banners.show('mesh-size', 'banner.meshLarge', { count, limit: options.meshLimit });
    else view.banners.hide('mesh-size');
  };
  const monitor = new ConnectionMonitor(call, () => people.values(), renderPeople);
  const speakers = new SpeakerMonitor(
    call,
    () => self.meter,
    () => people.values(),
    (speaker) => {
      self.tile.setSpeaking(speaker === SELF);
      people.setSpeaker(speaker);
      tiles.setSpotlight(speaker === SELF ? null : speaker);
    },
  );

  media.on('change', () => {
    self.devicesChanged();
    for (const p of people.values()) applySpeaker(p.audio);
    renderPeople();
  });
  showCallBanners(call, view.banners);
  call.on('path', (path) => {
    view.mediaPath.set(path);
    renderPeople();
  });
  call.on('joined', () => {
    view.mediaPath.set(call.path);
  });
  call.on('closed', (error) => {
    end(error);
  });

  renderPeople();
  call
    .join()
    .then(() => {
      people.announceArrivals();
    })
    // A failed join also closes the call: the `closed` handler shows why.
    .catch(() => undefined);

  return {
    element: view.element,
    title: () => `${room} · ${t('app.name')}`,
    dispose: () => {
      monitor.dispose();
      speakers.dispose();
      tiles.dispose();
      self.dispose();
      share.stop();
      call.close();
      media.close();
      view.dispose();
    },
  };
}

async function copyInvite(view: MeetingView, room: string, token: string | null): Promise<void> {
  const link = inviteLink(location.origin, room, token);
  try {
    await navigator.clipboard.writeText(link);
    view.notify('meeting.copied');
  } catch {
    view.notify('meeting.copyFailed', { link }, 15_000);
  }
}
