import { SharedAudioContext } from './shared-audio-context.js';

/**
 * Loudness of a block of samples (-1…1) on a 0…1 scale that looks right on a meter: RMS
 * in decibels, -60 dB → 0 and -10 dB → 1.
 */
export function loudness(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  const rms = Math.sqrt(sum / samples.length);
  if (rms <= 0) return 0;
  const db = 20 * Math.log10(rms);
  return Math.min(1, Math.max(0, (db + 60) / 50));
}

const audio = new SharedAudioContext(() => new AudioContext());

/** Reads the level of a local microphone track (Web Audio analyser; nothing is played). */
export class LevelMeter {
  readonly #context: AudioContext;
  readonly #analyser: AnalyserNode;
  readonly #buffer: Float32Array<ArrayBuffer>;
  readonly #source: MediaStreamAudioSourceNode;
  #closed = false;

  constructor(track: MediaStreamTrack) {
    this.#context = audio.acquire();
    this.#source = this.#context.createMediaStreamSource(new MediaStream([track]));
    this.#analyser = this.#context.createAnalyser();
    this.#analyser.fftSize = 1024;
    this.#buffer = new Float32Array(this.#analyser.fftSize);
    this.#source.connect(this.#analyser);
    // Pages opened from a link have no user gesture yet: start with the first one.
    if (this.#context.state === 'suspended')
      for (const gesture of ['pointerdown', 'keydown'])
        addEventListener(
          gesture,
          () => {
            audio.wake();
          },
          { once: true },
        );
  }

  /** Current level, 0…1. */
  level(): number {
    this.#analyser.getFloatTimeDomainData(this.#buffer);
    return loudness(this.#buffer);
  }

  /** Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#source.disconnect();
    this.#analyser.disconnect();
    audio.release();
  }
}
