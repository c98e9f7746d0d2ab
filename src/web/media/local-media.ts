import { TypedEmitter } from '../../client/emitter.js';
import { preferences } from '../preferences.js';
import {
  classifyMediaError,
  mediaProblem,
  type DeviceFailure,
  type MediaProblem,
} from './media-errors.js';

export type DeviceKind = 'camera' | 'microphone' | 'speaker';

const BROWSER_KIND: Readonly<Record<DeviceKind, MediaDeviceKind>> = {
  camera: 'videoinput',
  microphone: 'audioinput',
  speaker: 'audiooutput',
};

const PREFERENCE = {
  camera: 'cameraId',
  microphone: 'microphoneId',
  speaker: 'speakerId',
} as const;

const VIDEO: MediaTrackConstraints = {
  width: { ideal: 1280 },
  height: { ideal: 720 },
  frameRate: { ideal: 30 },
};
const AUDIO: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
};

export interface LocalMediaEvents {
  /** A track appeared, went away or was switched to another device; or mute changed. */
  change: [];
  /**
   * The device in use went away (unplugged, taken by the system): the default one is
   * tried instead (`change` follows when it works).
   */
  'device-lost': ['camera' | 'microphone'];
}

/**
 * The camera and microphone of this device, from the pre-join page through the meeting:
 * which devices, whether each is on, and what went wrong getting them.
 * Camera off stops the track (the camera light goes out); microphone off disables it.
 */
export class LocalMedia extends TypedEmitter<LocalMediaEvents> {
  #camera: MediaStreamTrack | null = null;
  #microphone: MediaStreamTrack | null = null;
  #microphoneOn = true;
  #problem: MediaProblem | null = null;
  #detail = '';
  #closed = false;
  readonly #selected: Record<DeviceKind, string | null> = {
    camera: preferences.get('cameraId'),
    microphone: preferences.get('microphoneId'),
    speaker: preferences.get('speakerId'),
  };

  get camera(): MediaStreamTrack | null {
    return this.#camera;
  }

  get microphone(): MediaStreamTrack | null {
    return this.#microphone;
  }

  get microphoneOn(): boolean {
    return this.#microphone !== null && this.#microphoneOn;
  }

  get problem(): MediaProblem | null {
    return this.#problem;
  }

  /** The browser's own words for a `failed` problem. */
  get detail(): string {
    return this.#detail;
  }

  selected(kind: DeviceKind): string | null {
    return this.#selected[kind];
  }

  /** Asks for camera and microphone (whichever exist); never throws. */
  async start(): Promise<void> {
    if (typeof navigator.mediaDevices === 'undefined') {
      this.#problem = 'insecure';
      this.emit('change');
      return;
    }
    const present = new Set((await listDevices()).map((device) => device.kind));
    const wanted = {
      camera: present.has('videoinput'),
      microphone: present.has('audioinput'),
    };
    const outcome: Record<'camera' | 'microphone', DeviceFailure | 'ok' | 'none'> = {
      camera: wanted.camera ? 'ok' : 'none',
      microphone: wanted.microphone ? 'ok' : 'none',
    };
    if (wanted.camera || wanted.microphone) {
      try {
        const stream = await navigator.mediaDevices.getUserMedia({
          video: wanted.camera && this.#constraints('camera'),
          audio: wanted.microphone && this.#constraints('microphone'),
        });
        this.#adopt(stream);
      } catch {
        // One of the two may still work alone (a blocked camera, a busy microphone).
        if (wanted.camera) outcome.camera = await this.#tryAlone('camera');
        if (wanted.microphone) outcome.microphone = await this.#tryAlone('microphone');
      }
    }
    this.#problem = mediaProblem(outcome.camera, outcome.microphone);
    this.emit('change');
  }

  /** Turns the camera on (asking for it again) or off (stopping it). */
  async setCameraOn(on: boolean): Promise<void> {
    if (!on) {
      this.#replace('camera', null);
      return;
    }
    if (this.#camera !== null) return;
    const failure = await this.#tryAlone('camera');
    if (failure !== 'ok') throw new Error(this.#detail === '' ? failure : this.#detail);
  }

  async setMicrophoneOn(on: boolean): Promise<void> {
    if (on && this.#microphone === null) {
      const failure = await this.#tryAlone('microphone');
      if (failure !== 'ok') throw new Error(this.#detail === '' ? failure : this.#detail);
    }
    this.#microphoneOn = on;
    if (this.#microphone !== null) this.#microphone.enabled = on;
    this.emit('change');
  }

  /** Switches to another device; a camera or microphone that is on restarts on it. */
  async select(kind: DeviceKind, deviceId: string): Promise<void> {
    this.#selected[kind] = deviceId;
    preferences.set(PREFERENCE[kind], deviceId);
    if (kind === 'speaker') {
      this.emit('change');
      return;
    }
    const current = kind === 'camera' ? this.#camera : this.#microphone;
    if (current === null) return;
    // Stop first: some phones cannot open two cameras at once.
    this.#replace(kind, null, false);
    // Exactly that one (with `ideal`, a browser may keep the default); if it is gone, any.
    if ((await this.#tryAlone(kind, true)) !== 'ok') await this.#tryAlone(kind);
  }

  async devices(kind: DeviceKind): Promise<MediaDeviceInfo[]> {
    return (await listDevices()).filter((device) => device.kind === BROWSER_KIND[kind]);
  }

  /** Stops every track. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#camera?.stop();
    this.#microphone?.stop();
    this.#camera = null;
    this.#microphone = null;
  }

  async #tryAlone(kind: 'camera' | 'microphone', exact = false): Promise<DeviceFailure | 'ok'> {
    try {
      const constraints = this.#constraints(kind, exact);
      const stream = await navigator.mediaDevices.getUserMedia(
        kind === 'camera' ? { video: constraints } : { audio: constraints },
      );
      this.#adopt(stream);
      return 'ok';
    } catch (error) {
      this.#detail = error instanceof Error ? error.message : String(error);
      this.emit('change');
      return classifyMediaError(error);
    }
  }

  #constraints(kind: 'camera' | 'microphone', exact = false): MediaTrackConstraints {
    const deviceId = this.#selected[kind];
    const base = kind === 'camera' ? VIDEO : AUDIO;
    if (deviceId === null) return base;
    // `ideal`: a remembered device that is gone falls back to the default one.
    return { ...base, deviceId: exact ? { exact: deviceId } : { ideal: deviceId } };
  }

  #adopt(stream: MediaStream): void {
    const [video] = stream.getVideoTracks();
    const [audio] = stream.getAudioTracks();
    if (this.#closed) {
      for (const track of stream.getTracks()) track.stop();
      return;
    }
    if (video !== undefined) this.#replace('camera', video, false);
    if (audio !== undefined) {
      audio.enabled = this.#microphoneOn;
      this.#replace('microphone', audio, false);
    }
    for (const [kind, track] of [
      ['camera', video],
      ['microphone', audio],
    ] as const)
      track?.addEventListener('ended', () => void this.#lost(kind, track));
    this.emit('change');
  }

  /** `ended` fires only when the browser ends a track (our own `stop()` does not fire it). */
  async #lost(kind: 'camera' | 'microphone', track: MediaStreamTrack): Promise<void> {
    const current = kind === 'camera' ? this.#camera : this.#microphone;
    if (current !== track || this.#closed) return;
    this.#selected[kind] = null;
    this.#replace(kind, null);
    this.emit('device-lost', kind);
    await this.#tryAlone(kind);
  }

  #replace(kind: 'camera' | 'microphone', track: MediaStreamTrack | null, notify = true): void {
    const old = kind === 'camera' ? this.#camera : this.#microphone;
    if (old === track) return;
    old?.stop();
    if (kind === 'camera') this.#camera = track;
    else this.#microphone = track;
    if (notify) this.emit('change');
  }
}

async function listDevices(): Promise<MediaDeviceInfo[]> {
  try {
    return await navigator.mediaDevices.enumerateDevices();
  } catch {
    return [];
  }
}
