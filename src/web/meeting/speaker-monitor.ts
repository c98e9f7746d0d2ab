import type { Call } from '../../client/index.js';
import type { LevelMeter } from '../media/level-meter.js';
import { ActiveSpeaker } from './active-speaker.js';
import type { RemoteParticipant } from './remote-participant.js';

const SAMPLE_MS = 200;
/** The local meter reads RMS on a dB scale; received levels are linear. Roughly match them. */
const LOCAL_WEIGHT = 0.5;

/** Samples audio levels on a timer and reports who speaks (ids; `self` for us). */
export class SpeakerMonitor {
  readonly #detector = new ActiveSpeaker();
  readonly #timer: ReturnType<typeof setInterval>;
  #current: string | null = null;

  constructor(
    call: Call,
    local: () => LevelMeter | null,
    participants: () => Iterable<RemoteParticipant>,
    onChange: (speaker: string | null) => void,
  ) {
    this.#timer = setInterval(() => {
      const samples = new Map<string, number>();
      samples.set('self', (local()?.level() ?? 0) * LOCAL_WEIGHT);
      for (const participant of participants())
        samples.set(participant.id, call.audioLevel(participant.id));
      const speaker = this.#detector.update(samples, performance.now());
      if (speaker !== this.#current) {
        this.#current = speaker;
        onChange(speaker);
      }
    }, SAMPLE_MS);
  }

  dispose(): void {
    clearInterval(this.#timer);
  }
}
