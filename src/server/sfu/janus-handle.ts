import { TypedEmitter } from './emitter.js';
import { JANUS_CORE_ERROR, JanusClientError } from './janus-errors.js';
import type { ReplyFrame } from './janus-transactions.js';
import type {
  JanusFrame,
  Jsep,
  MediaFrame,
  SlowlinkFrame,
  TrickleCandidate,
} from './janus-wire.js';

/** What a handle is used for; the client counts handles by kind to report its load. */
export type HandleKind = 'admin' | 'publisher' | 'subscriber';

/** The part of the client a handle sends through (keeps the two files independent). */
export interface HandleTransport {
  call(request: Record<string, unknown>, ackIsNotFinal: boolean, what: string): Promise<ReplyFrame>;
  forget(handleId: number): void;
}

export interface HandleEvents {
  /** An asynchronous plugin event (not the reply to one of our requests). */
  plugin: [data: Record<string, unknown>, jsep: Jsep | undefined];
  /** ICE and DTLS are up: the PeerConnection with this handle works. */
  webrtcup: [];
  /** Janus started or stopped receiving media on a mid (`receiving`). */
  media: [MediaFrame];
  /** Janus sees losses / NACKs on a mid (`uplink` is from Janus's side). */
  slowlink: [SlowlinkFrame];
  /** The PeerConnection is gone (DTLS alert, ICE failed, hangup request...). */
  hangup: [reason: string | null];
  /** Janus's own ICE candidates (only with full_trickle; confab uses half-trickle). */
  trickle: [TrickleCandidate];
  /** The handle is gone on Janus's side; it cannot be used any more. */
  detached: [];
}

export interface PluginReply {
  readonly data: Record<string, unknown>;
  readonly jsep: Jsep | undefined;
}

/** Candidates as browsers produce them (RTCIceCandidateInit, minus nulls). */
export interface IceCandidateInit {
  readonly candidate: string;
  readonly sdpMid?: string;
  readonly sdpMLineIndex?: number;
}

/** One plugin handle on a Janus session. */
export class JanusHandle extends TypedEmitter<HandleEvents> {
  #detached = false;

  constructor(
    private readonly transport: HandleTransport,
    readonly id: number,
    readonly plugin: string,
    readonly kind: HandleKind,
  ) {
    super();
  }

  get detached(): boolean {
    return this.#detached;
  }

  /**
   * Sends a plugin message (`body`, optionally with a JSEP offer/answer) and resolves with
   * the plugin's answer, synchronous (`success`) or asynchronous (`ack`, then `event`).
   * A plugin-level error (`error_code` in the data) rejects with `janus-error`.
   */
  async message(body: Record<string, unknown>, jsep?: Jsep): Promise<PluginReply> {
    const what = `${this.plugin} ${typeof body['request'] === 'string' ? body['request'] : 'message'}`;
    const frame = await this.#call(
      { janus: 'message', body, ...(jsep === undefined ? {} : { jsep }) },
      true,
      what,
    );
    const plugindata = frame.janus === 'ack' ? undefined : frame.plugindata;
    if (plugindata === undefined) {
      throw new JanusClientError('janus-protocol', `${what}: answer without plugin data`);
    }
    const { data } = plugindata;
    const code = data['error_code'];
    if (typeof code === 'number') {
      const reason = typeof data['error'] === 'string' ? data['error'] : `error ${String(code)}`;
      throw new JanusClientError('janus-error', `${what}: ${reason}`, code);
    }
    return { data, jsep: frame.janus === 'event' ? frame.jsep : undefined };
  }

  /** Trickles ICE candidates from the browser; `'completed'` ends the candidates. */
  async trickle(candidates: readonly IceCandidateInit[] | 'completed'): Promise<void> {
    const request =
      candidates === 'completed'
        ? { janus: 'trickle', candidate: { completed: true } }
        : { janus: 'trickle', candidates };
    await this.#call(request, false, 'trickle');
  }

  /** Closes the PeerConnection but keeps the handle. */
  async hangup(): Promise<void> {
    await this.#call({ janus: 'hangup' }, false, 'hangup');
  }

  /** Detaches the handle (Janus tears down its PeerConnection); idempotent. */
  async detach(): Promise<void> {
    if (this.#detached) return;
    this.#markDetached();
    // Locally the handle is gone now. If Janus no longer knows it (459), or the connection
    // is down (Janus then frees the whole session), there is nothing left to detach.
    await this.#call({ janus: 'detach' }, false, 'detach', true).catch(() => undefined);
  }

  /** Called by the client for every frame addressed to this handle without a pending reply. */
  dispatch(frame: JanusFrame): void {
    switch (frame.janus) {
      case 'event':
        this.emit('plugin', frame.plugindata.data, frame.jsep);
        return;
      case 'webrtcup':
        this.emit('webrtcup');
        return;
      case 'media':
        this.emit('media', frame);
        return;
      case 'slowlink':
        this.emit('slowlink', frame);
        return;
      case 'hangup':
        this.emit('hangup', frame.reason ?? null);
        return;
      case 'trickle':
        this.emit('trickle', frame.candidate);
        return;
      case 'detached':
        this.#markDetached();
        return;
      default:
        return;
    }
  }

  #markDetached(): void {
    if (this.#detached) return;
    this.#detached = true;
    this.transport.forget(this.id);
    this.emit('detached');
  }

  #call(
    request: Record<string, unknown>,
    ackIsNotFinal: boolean,
    what: string,
    evenIfDetached = false,
  ): Promise<ReplyFrame> {
    if (this.#detached && !evenIfDetached) {
      return Promise.reject(
        new JanusClientError(
          'janus-error',
          `${what}: handle is detached`,
          JANUS_CORE_ERROR.handleNotFound,
        ),
      );
    }
    return this.transport.call({ ...request, handle_id: this.id }, ackIsNotFinal, what);
  }
}
