import type {
  CallParticipant,
  CallTrack,
  ConnectionFailure,
  ConnectionState,
  MediaState,
} from '../../client/index.js';
import { h } from '../ui/dom.js';
import { Tile } from './tile.js';

/**
 * What this page shows of one other participant: a camera tile (video or avatar), an
 * `<audio>` element for their voice, and a second tile while they share their screen.
 */
export class RemoteParticipant {
  readonly id: string;
  readonly tile: Tile;
  readonly audio: HTMLAudioElement;
  screenTile: Tile | null = null;
  #name: string;
  #state: ConnectionState = 'connecting';
  #failure: ConnectionFailure | null = null;
  #everConnected = false;
  #media: MediaState | null = null;
  /** What the camera tile plays: one stream for the tile's life (tracks swap inside it). */
  readonly #main = new MediaStream();
  #cameraTrack: MediaStreamTrack | null = null;
  #cameraLive = false;
  #stateSince: number;

  constructor(participant: CallParticipant, now: number) {
    const { id, name } = participant;
    this.id = id;
    this.#name = name;
    this.#stateSince = now;
    this.tile = new Tile({
      name,
      source: 'camera',
      peerId: id,
      mirrored: false,
      label: name,
    });
    this.audio = h('audio', { class: 'remote-audio', attrs: { autoplay: '' } });
    this.audio.dataset['peerId'] = id;
    this.tile.setConnectionState('connecting');
    this.setState(participant.connection, participant.failure, now);
  }

  get name(): string {
    return this.#name;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  get failure(): ConnectionFailure | null {
    return this.#failure;
  }

  /**
   * Whether our connection to them ever worked. One that never did and has ICE trouble is
   * not "reconnecting" for the person looking at it: it could not connect.
   */
  get everConnected(): boolean {
    return this.#everConnected;
  }

  /** Since when (ms) the connection is in its current state. */
  get stateSince(): number {
    return this.#stateSince;
  }

  get media(): MediaState | null {
    return this.#media;
  }

  setState(state: ConnectionState, failure: ConnectionFailure | null, now: number): void {
    this.#failure = failure;
    if (state === 'connected') this.#everConnected = true;
    if (state === this.#state) return;
    this.#state = state;
    this.#stateSince = now;
    this.tile.setConnectionState(state);
  }

  setMedia(media: MediaState): void {
    this.#media = media;
    this.tile.setMuted(!media.audio);
    this.#renderVideo();
  }

  /**
   * A remote track started, or replaced the previous one of its source (the media path
   * changed); returns a new screen tile when one must be added to the grid.
   */
  addTrack(remote: CallTrack): Tile | null {
    const { track, source } = remote;
    if (source === 'screen') {
      if (this.screenTile === null) {
        this.screenTile = new Tile({
          name: this.#name,
          source: 'screen',
          peerId: this.id,
          mirrored: false,
          label: { key: 'meeting.screenOf', params: { name: this.#name } },
        });
        this.screenTile.setVideo(new MediaStream([track]), true);
        return this.screenTile;
      }
      this.screenTile.setVideo(new MediaStream([track]), true);
      return null;
    }
    // Swapped inside the stream the tile plays, so a path change shows no blink (a new
    // srcObject would reload the element: avatar and up to a second without frames). The
    // old one leaves first: Chromium ignores a track whose id the stream already holds, and
    // Janus's tracks of a new SFU session reuse the ids of the old one's. (Should the
    // stream empty meanwhile, Firefox ends its playback: the tile loads it again.)
    for (const old of this.#main.getTracks().filter((t) => t.kind === track.kind))
      this.#main.removeTrack(old);
    this.#main.addTrack(track);
    if (source === 'microphone') {
      this.audio.srcObject = new MediaStream([track]);
    } else {
      this.#cameraTrack = track;
      // A transceiver without a camera behind it delivers no frames: its track stays muted.
      this.#cameraLive = !track.muted;
      track.addEventListener('mute', () => {
        if (this.#cameraTrack === track) this.#setCameraLive(false);
      });
      track.addEventListener('unmute', () => {
        if (this.#cameraTrack === track) this.#setCameraLive(true);
      });
      this.#renderVideo();
    }
    return null;
  }

  /** A remote track ended; returns the screen tile to remove from the grid, if any. */
  removeTrack(remote: CallTrack): Tile | null {
    if (remote.source !== 'screen' || this.screenTile === null) return null;
    const tile = this.screenTile;
    this.screenTile = null;
    return tile;
  }

  get cameraStream(): MediaStream {
    return this.#main;
  }

  remove(): void {
    this.tile.remove();
    this.screenTile?.remove();
    this.audio.srcObject = null;
    this.audio.remove();
  }

  #setCameraLive(live: boolean): void {
    this.#cameraLive = live;
    this.#renderVideo();
  }

  #renderVideo(): void {
    // Their own word (media state) wins; before it arrives, frames decide.
    const on = this.#cameraLive && this.#media?.video !== false;
    // No stream before the first camera track: Firefox would play the empty (inactive) one,
    // end it, and never start again when the track is added.
    this.tile.setVideo(this.#cameraTrack === null ? null : this.#main, on);
  }
}
