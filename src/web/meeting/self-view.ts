import type { Call } from '../../client/index.js';
import { LevelMeter } from '../media/level-meter.js';
import type { LocalMedia } from '../media/local-media.js';
import type { ControlHandle } from './control-bar.js';
import { selfBadge } from './send-limitation.js';
import { Tile } from './tile.js';
import type { VideoGrid } from './video-grid.js';

/** Our microphone and camera buttons. */
export interface SelfControls {
  readonly microphone: ControlHandle;
  readonly camera: ControlHandle;
}

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
    grid: VideoGrid,
    private readonly controls: SelfControls,
  ) {
    this.tile = new Tile({
      name,
      source: 'camera',
      peerId: null,
      mirrored: true,
      label: { key: 'meeting.youName', params: { name } },
      badge: true,
    });
    this.tile.setBadge(selfBadge(null));
    grid.add(this.tile, true);
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
    const { media, controls } = this;
    const camera = media.camera;
    if (this.#stream?.getVideoTracks()[0] !== camera)
      this.#stream = camera === null ? null : new MediaStream([camera]);
    this.tile.setVideo(this.#stream, camera !== null);
    this.tile.setMuted(!media.microphoneOn);
    const micOn = media.microphoneOn;
    controls.microphone.setLabel(micOn ? 'control.micOff' : 'control.micOn');
    controls.microphone.setIcon(micOn ? 'mic' : 'micOff');
    controls.microphone.setOff(!micOn);
    controls.camera.setLabel(camera !== null ? 'control.cameraOff' : 'control.cameraOn');
    controls.camera.setIcon(camera !== null ? 'camera' : 'cameraOff');
    controls.camera.setOff(camera === null);
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
