import type { Call } from '../../client/index.js';
import { LevelMeter } from '../media/level-meter.js';
import type { LocalMedia } from '../media/local-media.js';
import type { MeetingView } from './meeting-view.js';
import { Tile } from './tile.js';

/**
 * Our own side of the meeting: the self tile (mirrored camera or avatar), the microphone
 * meter for the active speaker, and our devices as the call sends them.
 */
export class SelfView {
  readonly tile: Tile;
  #meter: LevelMeter | null = null;
  #meterTrack: MediaStreamTrack | null = null;
  #stream: MediaStream | null = null;
  #sentCamera: MediaStreamTrack | null;
  #sentMicrophone: MediaStreamTrack | null;

  constructor(
    name: string,
    private readonly media: LocalMedia,
    private readonly call: Call,
    private readonly view: MeetingView,
  ) {
    this.tile = new Tile({
      name,
      source: 'camera',
      peerId: null,
      mirrored: true,
      label: { key: 'meeting.youName', params: { name } },
    });
    view.grid.add(this.tile, true);
    this.#sentCamera = media.camera;
    this.#sentMicrophone = media.microphone;
    this.render();
    call.setMediaState(this.#mediaState());
  }

  /** Our microphone level (0–1), for the active speaker. */
  get meter(): LevelMeter | null {
    return this.#meter;
  }

  /** The devices changed (switched, camera off, muted): send what is new, tell the others. */
  devicesChanged(): void {
    const { media, call } = this;
    if (media.camera !== this.#sentCamera) {
      this.#sentCamera = media.camera;
      void call.setTrack('video', this.#sentCamera);
    }
    if (media.microphone !== this.#sentMicrophone) {
      this.#sentMicrophone = media.microphone;
      void call.setTrack('audio', this.#sentMicrophone);
    }
    call.setMediaState(this.#mediaState());
    this.render();
  }

  render(): void {
    const { media, view } = this;
    const camera = media.camera;
    if (this.#stream?.getVideoTracks()[0] !== camera)
      this.#stream = camera === null ? null : new MediaStream([camera]);
    this.tile.setVideo(this.#stream, camera !== null);
    this.tile.setMuted(!media.microphoneOn);
    view.controls.setMicrophone(media.microphoneOn);
    view.controls.setCamera(camera !== null);
    if (media.microphone !== this.#meterTrack) {
      this.#meter?.close();
      this.#meterTrack = media.microphone;
      this.#meter = this.#meterTrack === null ? null : new LevelMeter(this.#meterTrack);
    }
  }

  dispose(): void {
    this.#meter?.close();
    this.#meter = null;
  }

  #mediaState(): { audio: boolean; video: boolean } {
    return { audio: this.media.microphoneOn, video: this.media.camera !== null };
  }
}
