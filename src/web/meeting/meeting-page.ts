import { Mesh, type ConfabError } from '../../client/index.js';
import { LevelMeter } from '../media/level-meter.js';
import type { LocalMedia } from '../media/local-media.js';
import { inviteLink } from '../room-links.js';
import { t } from '../ui/localize.js';
import type { Page } from '../ui/page.js';
import { ConnectionMonitor } from './connection-monitor.js';
import { meshTooLarge } from './mesh-size.js';
import { RemoteParticipant } from './remote-participant.js';
import { ScreenShare } from './screen-share.js';
import { SpeakerMonitor } from './speaker-monitor.js';
import { Tile } from './tile.js';
import { MeetingView } from './meeting-view.js';

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

/** The meeting: wires the client library's `Mesh` and the local devices to the view. */
export function meetingPage(
  options: MeetingOptions,
  onEnd: (error: ConfabError | null) => void,
): Page {
  const { room, token, name, media } = options;
  const mesh = new Mesh({
    room,
    name,
    audio: media.microphone,
    video: media.camera,
    ...(token === null ? {} : { token }),
  });
  const participants = new Map<string, RemoteParticipant>();
  const screenShare = new ScreenShare();
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
            void toggleScreenShare();
            return;
          case 'invite':
            void copyInvite();
            return;
          case 'leave':
            end(null);
            return;
        }
      },
      onSend: (text) => {
        const message = mesh.sendChat(text);
        if (message.type === 'chat')
          view.addChat({ from: t('meeting.you'), self: true, text, sentAt: message.sentAt });
        return mesh.participants.some((p) => p.peer.channelOpen);
      },
    },
    ScreenShare.supported,
  );

  // Our own tile: mirrored camera, or our avatar.
  const selfTile = new Tile({
    name,
    source: 'camera',
    peerId: null,
    mirrored: true,
    label: { key: 'meeting.youName', params: { name } },
  });
  view.grid.add(selfTile, true);
  let selfScreenTile: Tile | null = null;
  let localMeter: LevelMeter | null = null;
  let meterTrack: MediaStreamTrack | null = null;
  let selfStream: MediaStream | null = null;
  let sentCamera = media.camera;
  let sentMicrophone = media.microphone;
  let announce = false;
  let ended = false;

  const renderSelf = () => {
    const camera = media.camera;
    if (selfStream?.getVideoTracks()[0] !== camera)
      selfStream = camera === null ? null : new MediaStream([camera]);
    selfTile.setVideo(selfStream, camera !== null);
    selfTile.setMuted(!media.microphoneOn);
    view.controls.setMicrophone(media.microphoneOn);
    view.controls.setCamera(camera !== null);
    if (media.microphone !== meterTrack) {
      localMeter?.close();
      meterTrack = media.microphone;
      localMeter = meterTrack === null ? null : new LevelMeter(meterTrack);
    }
  };

  const renderPeople = () => {
    view.people.render([
      { id: SELF, name, self: true, state: null, microphoneOn: media.microphoneOn, detail: '' },
      ...[...participants.values()].map((p) => ({
        id: p.id,
        name: p.name,
        self: false,
        state: p.state,
        microphoneOn: p.media?.audio ?? true,
        detail: monitor.summary(p.id),
      })),
    ]);
    const count = participants.size + 1;
    view.controls.setParticipantCount(count);
    view.setAlone(participants.size === 0);
    if (meshTooLarge(count, options.meshLimit))
      view.banners.show('mesh-size', 'banner.meshLarge', { count, limit: options.meshLimit });
    else view.banners.hide('mesh-size');
  };

  const monitor = new ConnectionMonitor(mesh, () => participants.values(), renderPeople);
  const speakers = new SpeakerMonitor(
    mesh,
    () => localMeter,
    () => participants.values(),
    (speaker) => {
      selfTile.setSpeaking(speaker === SELF);
      for (const p of participants.values()) p.tile.setSpeaking(speaker === p.id);
    },
  );

  media.on('change', () => {
    if (media.camera !== sentCamera) {
      sentCamera = media.camera;
      void mesh.setTrack('video', sentCamera);
    }
    if (media.microphone !== sentMicrophone) {
      sentMicrophone = media.microphone;
      void mesh.setTrack('audio', sentMicrophone);
    }
    mesh.setMediaState({ audio: media.microphoneOn, video: media.camera !== null });
    for (const p of participants.values()) applySpeaker(p.audio);
    renderSelf();
    renderPeople();
  });

  mesh.on('participant-joined', (participant) => {
    const p = new RemoteParticipant(participant.id, participant.name, Date.now());
    participants.set(p.id, p);
    view.grid.add(p.tile);
    view.audioSink.append(p.audio);
    applySpeaker(p.audio);
    if (announce) view.notify('meeting.joinedToast', { name: p.name });
    renderPeople();
  });
  mesh.on('participant-left', (id) => {
    const p = participants.get(id);
    if (p === undefined) return;
    participants.delete(id);
    monitor.forget(id);
    if (p.screenTile !== null) view.grid.remove(p.screenTile);
    view.grid.remove(p.tile);
    p.remove();
    view.notify('meeting.leftToast', { name: p.name });
    renderPeople();
  });
  mesh.on('peer-state', (id, state) => {
    const p = participants.get(id);
    if (p === undefined) return;
    p.setState(state, Date.now());
    monitor.refresh(p);
    renderPeople();
  });
  mesh.on('track', (id, remote) => {
    const tile = participants.get(id)?.addTrack(remote) ?? null;
    if (tile !== null) view.grid.add(tile);
  });
  mesh.on('track-ended', (id, remote) => {
    const tile = participants.get(id)?.removeTrack(remote) ?? null;
    if (tile !== null) view.grid.remove(tile);
  });
  mesh.on('media-state', (id, state) => {
    participants.get(id)?.setMedia(state);
    renderPeople();
  });
  mesh.on('message', (id, message) => {
    const p = participants.get(id);
    if (message.type !== 'chat' || p === undefined) return;
    view.addChat({ from: p.name, self: false, text: message.text, sentAt: message.sentAt });
  });
  mesh.on('state', (state) => {
    if (state === 'reconnecting') {
      if (!view.banners.showing('signaling')) view.banners.show('signaling', 'banner.reconnecting');
    } else if (state === 'joined') view.banners.hide('signaling');
  });
  mesh.on('error', (error) => {
    if (error.code === 'server-shutdown') view.banners.show('signaling', 'banner.serverRestarting');
  });
  mesh.on('closed', (error) => {
    end(error);
  });

  function end(error: ConfabError | null): void {
    if (ended) return;
    ended = true;
    mesh.close();
    onEnd(error);
  }

  function deviceFailed(error: unknown): void {
    view.notify('meeting.deviceFailed', {
      detail: error instanceof Error ? error.message : String(error),
    });
  }

  function applySpeaker(audio: HTMLAudioElement): void {
    const id = media.selected('speaker');
    if (id !== null && 'setSinkId' in audio) void audio.setSinkId(id).catch(() => undefined);
  }

  async function toggleScreenShare(): Promise<void> {
    if (screenShare.track !== null) {
      stopSharing();
      return;
    }
    try {
      const track = await screenShare.start(stopSharing);
      mesh.startScreenShare(track, new MediaStream([track]));
      selfScreenTile = new Tile({
        name,
        source: 'screen',
        peerId: null,
        mirrored: false,
        label: { key: 'meeting.yourScreen' },
      });
      selfScreenTile.setVideo(new MediaStream([track]), true);
      view.grid.add(selfScreenTile);
      view.controls.setSharing(true);
    } catch (error) {
      // Cancelling the browser's picker is not worth a message.
      if (!(error instanceof DOMException && error.name === 'NotAllowedError'))
        view.notify('meeting.shareFailed', {
          detail: error instanceof Error ? error.message : String(error),
        });
    }
  }

  function stopSharing(): void {
    if (screenShare.track === null) return;
    screenShare.stop();
    mesh.stopScreenShare();
    if (selfScreenTile !== null) view.grid.remove(selfScreenTile);
    selfScreenTile = null;
    view.controls.setSharing(false);
  }

  async function copyInvite(): Promise<void> {
    const link = inviteLink(location.origin, room, token);
    try {
      await navigator.clipboard.writeText(link);
      view.notify('meeting.copied');
    } catch {
      view.notify('meeting.copyFailed', { link }, 15_000);
    }
  }

  renderSelf();
  renderPeople();
  mesh.setMediaState({ audio: media.microphoneOn, video: media.camera !== null });
  mesh
    .join()
    .then(() => {
      announce = true;
    })
    // A failed join also closes the mesh: the `closed` handler shows why.
    .catch(() => undefined);

  return {
    element: view.element,
    title: () => `${room} · ${t('app.name')}`,
    dispose: () => {
      monitor.dispose();
      speakers.dispose();
      localMeter?.close();
      stopSharing();
      mesh.close();
      media.close();
      view.dispose();
    },
  };
}
