import type { IceCandidate, SessionDescription, SignalData } from '../protocol/index.js';
import { TypedEmitter } from './emitter.js';
import {
  answerKeepingDtlsRole,
  oppositeDtlsRole,
  sdpDtlsRole,
  sdpIceUfrag,
  sdpOrigin,
  sdpSessionId,
  type DtlsRole,
} from './sdp-info.js';
import { withOpusReceiveParameters } from './opus-fmtp.js';

/** Remote candidates kept while no remote description is set (more are dropped). */
const MAX_QUEUED_CANDIDATES = 256;

/** What the negotiation needs done by the peer that owns the connection; it waits for them. */
export interface NegotiationCommands {
  /** Sends data to the other side (a description or a candidate). */
  signal(data: SignalData): void;
  /** A remote offer was applied: ready our side (attach local media) before the answer. */
  prepareAnswer(): Promise<void>;
}

/** What happened in the negotiation, for the owner to react to; nothing waits for them. */
export interface NegotiationEvents {
  /** Glare on the polite side: our own offer was rolled back for the other's. */
  rollback: [];
  /** A remote description with a new ICE ufrag: the other side restarted ICE. */
  'remote-restart': [];
  /** Our answer went out. */
  answered: [];
  /**
   * An offer from a new connection of the other side (its SDP session id changed): it was
   * rebuilt, and this connection cannot take part in its session. The offer is not applied;
   * it is for the connection that replaces this one.
   */
  'remote-rebuilt': [SignalData];
  /** A negotiation step failed (not fatal: the next negotiation may succeed). */
  failed: [message: string, error: unknown];
}

/**
 * The W3C perfect negotiation pattern (https://w3c.github.io/webrtc-pc/#perfect-negotiation-example)
 * for one RTCPeerConnection: `setLocalDescription()` without arguments, implicit rollback on
 * the polite side, remote data applied strictly in arrival order, early candidates queued.
 * Offers that may have been lost are sent again, so repeated offers and answers are expected.
 */
export class PerfectNegotiation extends TypedEmitter<NegotiationEvents> {
  #makingOffer = false;
  #ignoreOffer = false;
  #inbox: Promise<void> = Promise.resolve();
  #pendingCandidates: IceCandidate[] = [];
  #remoteSessionId: string | null = null;
  #remoteUfrag: string | null = null;
  /** The other side's DTLS role, fixed by the first negotiation for this connection's life. */
  #remoteDtlsRole: DtlsRole | null = null;
  /** `sdpOrigin` of the last offer applied, to spot the same offer sent again. */
  #lastRemoteOffer: string | null = null;

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly polite: boolean,
    private readonly commands: NegotiationCommands,
  ) {
    super();
  }

  /** The remote connection's SDP session id (changes when it was rebuilt). */
  get remoteSessionId(): string | null {
    return this.#remoteSessionId;
  }

  get #closed(): boolean {
    return this.pc.signalingState === 'closed';
  }

  /** On `negotiationneeded`: makes and sends an offer. */
  async offer(): Promise<void> {
    if (this.#closed) return;
    try {
      this.#makingOffer = true;
      await this.pc.setLocalDescription();
      this.#sendLocalDescription();
    } catch (error) {
      this.emit('failed', 'could not create an offer', error);
    } finally {
      this.#makingOffer = false;
    }
  }

  /**
   * Takes the other side's signal data; processed strictly in arrival order. An offer of a
   * rebuilt remote connection is not taken: `remote-rebuilt` hands it on at once.
   */
  receive(data: SignalData): Promise<void> {
    if (this.#isFromRebuiltRemote(data)) {
      this.emit('remote-rebuilt', data);
      return Promise.resolve();
    }
    this.#inbox = this.#inbox
      .then(() => this.#apply(data))
      .catch((error: unknown) => {
        this.emit('failed', 'could not apply remote signal', error);
      });
    return this.#inbox;
  }

  /** An offer whose SDP session id differs from the one of the remote description we have. */
  #isFromRebuiltRemote(data: SignalData): boolean {
    if (!('description' in data) || data.description.type !== 'offer') return false;
    const known = this.#remoteSessionId;
    return known !== null && known !== sdpSessionId(data.description.sdp);
  }

  /**
   * Sends our offer again if it is still unanswered: it may have been lost (in a signaling
   * socket that died under a network change). True when there was one to send.
   */
  resendPendingOffer(): boolean {
    if (this.pc.signalingState !== 'have-local-offer' || this.#makingOffer) return false;
    this.#sendLocalDescription();
    return true;
  }

  /** Trickles one local candidate, or end-of-candidates (`null`). */
  sendCandidate(candidate: RTCIceCandidate | null): void {
    if (candidate === null) {
      this.commands.signal({ candidate: null });
      return;
    }
    this.commands.signal({
      candidate: {
        candidate: candidate.candidate,
        sdpMid: candidate.sdpMid,
        sdpMLineIndex: candidate.sdpMLineIndex,
        usernameFragment: candidate.usernameFragment,
      },
    });
  }

  async #apply(data: SignalData): Promise<void> {
    if (this.#closed) return;
    if ('description' in data) await this.#applyDescription(data.description);
    else if (data.candidate !== null) await this.#applyCandidate(data.candidate);
    // `{candidate: null}`: the other side finished gathering; nothing to apply.
  }

  async #applyDescription(description: SessionDescription): Promise<void> {
    const pc = this.pc;
    if (this.#isDuplicate(description)) return;
    // Remote data is applied one at a time, so an answer is never being set right now.
    const readyForOffer = !this.#makingOffer && pc.signalingState === 'stable';
    const offerCollision = description.type === 'offer' && !readyForOffer;
    this.#ignoreOffer = !this.polite && offerCollision;
    if (this.#ignoreOffer) {
      // The polite side offered instead of answering: perhaps ours never reached it. Send it
      // once more; the polite side rolls its own back and answers this one.
      this.resendPendingOffer();
      return;
    }
    if (offerCollision) this.emit('rollback');
    const ufrag = sdpIceUfrag(description.sdp);
    if (this.#remoteUfrag !== null && ufrag !== this.#remoteUfrag) this.emit('remote-restart');
    const sdp =
      description.type === 'answer'
        ? answerKeepingDtlsRole(description.sdp, this.#remoteDtlsRole)
        : description.sdp;
    // An offer in have-local-offer rolls our own offer back implicitly (polite side).
    await pc.setRemoteDescription({ type: description.type, sdp });
    this.#remoteUfrag = ufrag;
    this.#remoteSessionId = sdpSessionId(description.sdp);
    if (description.type === 'answer') this.#remoteDtlsRole ??= sdpDtlsRole(sdp);
    if (description.type === 'offer') {
      this.#lastRemoteOffer = sdpOrigin(description.sdp);
      await this.commands.prepareAnswer();
      await pc.setLocalDescription();
      const ours = sdpDtlsRole(pc.localDescription?.sdp ?? '');
      if (ours !== null) this.#remoteDtlsRole ??= oppositeDtlsRole(ours);
      this.#sendLocalDescription();
      this.emit('answered');
    }
    await this.#drainCandidates();
  }

  /**
   * A repeated offer gets our answer again (the first one may be what was lost) and is not
   * applied twice; an answer while no offer of ours is pending is a late copy.
   */
  #isDuplicate(description: SessionDescription): boolean {
    const pc = this.pc;
    if (description.type === 'answer') return pc.signalingState !== 'have-local-offer';
    const origin = sdpOrigin(description.sdp);
    if (origin === null || origin !== this.#lastRemoteOffer) return false;
    if (pc.signalingState === 'stable' && pc.localDescription?.type === 'answer')
      this.#sendLocalDescription();
    return true;
  }

  async #applyCandidate(candidate: IceCandidate): Promise<void> {
    if (this.pc.remoteDescription === null) {
      if (this.#pendingCandidates.length < MAX_QUEUED_CANDIDATES)
        this.#pendingCandidates.push(candidate);
      return;
    }
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (error) {
      // Candidates of an offer we ignored, or of an ICE generation that is gone, are expected to fail.
      const stale =
        typeof candidate.usernameFragment === 'string' &&
        candidate.usernameFragment !== this.#remoteUfrag;
      if (!this.#ignoreOffer && !stale)
        this.emit('failed', 'could not add a remote candidate', error);
    }
  }

  async #drainCandidates(): Promise<void> {
    const pending = this.#pendingCandidates;
    this.#pendingCandidates = [];
    for (const candidate of pending) await this.#applyCandidate(candidate);
  }

  #sendLocalDescription(): void {
    const description = this.pc.localDescription;
    if (description === null || (description.type !== 'offer' && description.type !== 'answer'))
      return;
    // Our wishes for the audio sent to us travel in the signaled copy only (opus-fmtp.ts).
    const sdp = withOpusReceiveParameters(description.sdp);
    this.commands.signal({ description: { type: description.type, sdp } });
  }
}
