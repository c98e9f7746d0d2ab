import type { WelcomeMessage } from '../../protocol/index.js';

/** Our SFU publish offer, and our answer to the SFU's first offer of the others' media. */
export const SFU_PUBLISH = Symbol('sfu-publish');
export const SFU_ANSWER = Symbol('sfu-answer');
/** What a join sends to get media flowing: an offer to a participant (mesh) or one of the two above. */
export type JoinSignal = string | typeof SFU_PUBLISH | typeof SFU_ANSWER;

/**
 * What a newcomer sends to get media flowing (`webrtc`: this browser can): an offer to
 * everyone here with WebRTC (a mesh); on the SFU our publish offer, and our answer to its
 * offer of the others' media when others are there.
 */
export function signalsAtJoining(welcome: WelcomeMessage, webrtc: boolean): JoinSignal[] {
  if (!webrtc) return [];
  const others = welcome.peers.filter((peer) => peer.webrtc !== false).map((peer) => peer.id);
  if (welcome.mode.path === 'mesh') return others;
  return others.length > 0 ? [SFU_PUBLISH, SFU_ANSWER] : [SFU_PUBLISH];
}

/**
 * Tells once per join when what it had to send to get media flowing went out: our offer to
 * each participant we offer to as the newcomer (a mesh), or on the SFU our publish offer and,
 * when others are there, our answer to the SFU's offer of their media; at once when there is
 * nobody. Until then the page's own heavy work (drawing the meeting) would hold these back on
 * the main thread, so the web app waits for it (issue 17, faster joins).
 */
export class JoinSignals {
  #waiting: Set<JoinSignal> | null = null;
  /** Whether the join was announced (`joined`): only then may `done` be told. */
  #armed = false;

  constructor(private readonly done: () => void) {}

  /** A join went through: these are to go out (before they are made, which may be soon). */
  expect(signals: Iterable<JoinSignal>): void {
    this.#waiting = new Set(signals);
    this.#armed = false;
  }

  /** The join was announced: `done` from now on, at once if everything already went. */
  arm(): void {
    this.#armed = true;
    this.#check();
  }

  /** A signal went out (or will never be needed: the participant left). */
  settled(signal: JoinSignal): void {
    if (this.#waiting?.delete(signal) === true) this.#check();
  }

  #check(): void {
    if (!this.#armed || this.#waiting?.size !== 0) return;
    this.#waiting = null;
    this.done();
  }
}
