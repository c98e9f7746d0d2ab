import type { IceCandidate, SfuPeerConnectionRole } from '../../protocol/index.js';
import { TypedEmitter } from '../emitter.js';
import { ConfabError, toError } from '../errors.js';
import { DEFAULT_ICE_RECOVERY, IceRecovery, type IceRecoveryOptions } from '../ice-recovery.js';

/** Remote candidates kept while no remote description is set (more are dropped). */
const MAX_QUEUED_CANDIDATES = 256;

/**
 * How long the subscriber may stay ICE `disconnected` before the call starts over. Not the
 * peer connections' few seconds: the answerer cannot restart ICE, so its "restart" is a
 * start-over (publish again, subscribe to everyone again), costly for a whole room. A
 * `disconnected` that is only late consent checks (a busy machine) mends itself well
 * within this; a real break turns `failed` (handled at once) or lasts longer.
 */
export const SUBSCRIBER_DISCONNECTED_GRACE_MS = 12_000;

/** connecting · connected · reconnecting (ICE trouble, recovering) · failed · closed. */
export type SfuLinkState = 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';

export interface SfuConnectionOptions {
  readonly configuration: RTCConfiguration;
  readonly createPeerConnection?:
    ((configuration: RTCConfiguration) => RTCPeerConnection) | undefined;
  readonly recovery?: Partial<IceRecoveryOptions> | undefined;
}

export interface SfuConnectionEvents {
  /** A local candidate for the server (`null`: gathering finished). */
  candidate: [IceCandidate | null];
  state: [SfuLinkState];
  error: [ConfabError];
}

/**
 * Restarts ICE (attempt 0: forced). The publisher renegotiates; the subscriber, answerer
 * of the server's offers, cannot: it only waits (and gives up after the restart budget).
 */
export type SfuRestart = (attempt: number) => Promise<void>;

/**
 * What the publisher and the subscriber connection to the SFU share: the
 * RTCPeerConnection, trickle in both directions (remote candidates wait for a remote
 * description), ICE recovery, and one state set in one place.
 */
export class SfuConnection extends TypedEmitter<SfuConnectionEvents> {
  readonly pc: RTCPeerConnection;
  #state: SfuLinkState = 'connecting';
  #closed = false;
  #queued: IceCandidate[] = [];
  readonly #recovery: IceRecovery;

  constructor(
    readonly role: SfuPeerConnectionRole,
    options: SfuConnectionOptions,
    restart: SfuRestart,
  ) {
    super();
    const create = options.createPeerConnection ?? ((config) => new RTCPeerConnection(config));
    this.pc = create(options.configuration);
    // Janus never restarts ICE by itself: our side always does.
    const defaults =
      role === 'subscriber'
        ? { ...DEFAULT_ICE_RECOVERY, disconnectedGraceMs: SUBSCRIBER_DISCONNECTED_GRACE_MS }
        : DEFAULT_ICE_RECOVERY;
    this.#recovery = new IceRecovery(
      false,
      { ...defaults, ...options.recovery },
      {
        restart,
        giveUp: () => {
          this.#updateState(true);
        },
      },
    );
    this.#listen();
  }

  get state(): SfuLinkState {
    return this.#state;
  }

  /** A method, not a getter: it changes across the awaits of its callers. */
  isClosed(): boolean {
    return this.#closed;
  }

  /** A candidate from the server for this connection; `null`: it finished gathering. */
  async addRemoteCandidate(candidate: IceCandidate | null): Promise<void> {
    if (this.#closed || candidate === null) return;
    if (this.pc.remoteDescription === null) {
      if (this.#queued.length < MAX_QUEUED_CANDIDATES) this.#queued.push(candidate);
      return;
    }
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (error) {
      this.report('could not add a candidate of the media server', error);
    }
  }

  /** Forces an ICE restart now (the network changed). */
  restartIce(): void {
    this.#recovery.restartNow();
  }

  setIceServers(iceServers: RTCIceServer[]): void {
    if (this.#closed) return;
    this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#recovery.stop();
    this.pc.close();
    this.#updateState();
  }

  /** After a remote description was set: the candidates that waited for it. */
  async drainCandidates(): Promise<void> {
    const queued = this.#queued;
    this.#queued = [];
    for (const candidate of queued) await this.addRemoteCandidate(candidate);
  }

  /** A non-fatal negotiation problem, as an `error` event. */
  report(message: string, cause: unknown): void {
    if (this.#closed) return;
    const detail = `${message}: ${toError(cause).message}`;
    this.emit('error', new ConfabError('negotiation-failed', detail, { cause }));
  }

  #listen(): void {
    const pc = this.pc;
    pc.addEventListener('icecandidate', (event: RTCPeerConnectionIceEvent) => {
      if (this.#closed) return;
      const c = event.candidate;
      this.emit(
        'candidate',
        c === null
          ? null
          : {
              candidate: c.candidate,
              sdpMid: c.sdpMid,
              sdpMLineIndex: c.sdpMLineIndex,
              usernameFragment: c.usernameFragment,
            },
      );
    });
    pc.addEventListener('iceconnectionstatechange', () => {
      this.#recovery.onIceState(pc.iceConnectionState);
      this.#updateState();
    });
    pc.addEventListener('connectionstatechange', () => {
      this.#updateState();
    });
  }

  #updateState(gaveUp = false): void {
    const { connectionState, iceConnectionState } = this.pc;
    let next: SfuLinkState;
    if (this.#closed) next = 'closed';
    else if (gaveUp || this.#state === 'failed') next = 'failed';
    else if (
      this.#recovery.recovering ||
      iceConnectionState === 'disconnected' ||
      iceConnectionState === 'failed'
    )
      next = 'reconnecting';
    else if (connectionState === 'connected') next = 'connected';
    else next = this.#state === 'connected' ? 'reconnecting' : 'connecting';
    if (next === this.#state) return;
    this.#state = next;
    this.emit('state', next);
  }
}

/** Both connections as one state: the worse of the two (closed, failed, reconnecting, …). */
export function combinedState(
  publisher: SfuLinkState,
  subscriber: SfuLinkState | null,
): SfuLinkState {
  const order: readonly SfuLinkState[] = [
    'closed',
    'failed',
    'reconnecting',
    'connecting',
    'connected',
  ];
  const states = subscriber === null ? [publisher] : [publisher, subscriber];
  return order.find((state) => states.includes(state)) ?? 'connecting';
}
