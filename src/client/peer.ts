import type { SignalData } from '../protocol/index.js';
import { TypedEmitter } from './emitter.js';
import { ConfabError, toError } from './errors.js';
import { DEFAULT_ICE_RECOVERY, IceRecovery } from './ice-recovery.js';
import { PerfectNegotiation } from './negotiation.js';
import type {
  LocalTracks,
  PeerEvents,
  PeerOptions,
  PeerState,
  RemoteTrack,
  TrackSource,
} from './peer-types.js';
import { SenderEncodings } from './sender-encodings.js';
import type { VideoQuality } from './video-quality.js';

const APP_CHANNEL = { label: 'confab', id: 0 } as const;

/**
 * One RTCPeerConnection to one remote member. Knows nothing about WebSockets: it emits
 * `signal` and takes the other side's data through `signal()`. Implements the W3C perfect
 * negotiation pattern, queues early candidates, and restarts ICE by itself.
 */
export class Peer extends TypedEmitter<PeerEvents> {
  readonly remoteId: string;
  readonly polite: boolean;
  readonly pc: RTCPeerConnection;
  #state: PeerState = 'connecting';
  #closed = false;
  #everConnected = false;
  // Local media.
  #audio: RTCRtpTransceiver | null = null;
  #video: RTCRtpTransceiver | null = null;
  #screen: RTCRtpTransceiver | null = null;
  #media: LocalTracks;
  #channel: RTCDataChannel | null = null;
  readonly #remoteTracks = new Set<RemoteTrack>();
  readonly #recovery: IceRecovery;
  readonly #negotiation: PerfectNegotiation;
  readonly #refreshIceServers: (() => Promise<RTCIceServer[]>) | undefined;
  readonly #encodings: SenderEncodings;

  constructor(options: PeerOptions) {
    super();
    this.remoteId = options.remoteId;
    this.polite = options.polite;
    this.#media = options.media;
    this.#refreshIceServers = options.refreshIceServers;
    const create = options.createPeerConnection ?? ((config) => new RTCPeerConnection(config));
    this.pc = create(options.configuration);
    this.#negotiation = new PerfectNegotiation(this.pc, options.polite, {
      signal: (data) => {
        this.emit('signal', data);
      },
      prepareAnswer: () => this.#attachToOfferedSession(),
    });
    this.#followNegotiation(this.#negotiation);
    this.#encodings = new SenderEncodings({
      camera: () => this.#video?.sender,
      screen: () => this.#screen?.sender,
      closed: () => this.#closed,
      report: (message, error) => {
        this.#report('negotiation-failed', message, error);
      },
    });
    this.#recovery = new IceRecovery(
      options.polite,
      { ...DEFAULT_ICE_RECOVERY, ...options.recovery },
      {
        restart: (attempt) => this.#restartIce(attempt),
        giveUp: () => {
          this.#updateState('failed');
        },
      },
    );
    this.#listen();
    // The newcomer lays out the session: audio, video, app channel. The other side
    // attaches its media to these when the offer arrives, so nobody offers twice.
    if (options.initiator) this.#offerLocalSession();
  }

  get state(): PeerState {
    return this.#state;
  }

  /**
   * Whether this connection ever reached `connected`. A connection that never did and whose
   * ICE fails is not "reconnecting" for the person looking at it: it could not connect.
   */
  get everConnected(): boolean {
    return this.#everConnected;
  }

  /** The remote peer connection's SDP session id (changes when it was rebuilt). */
  get remoteSessionId(): string | null {
    return this.#negotiation.remoteSessionId;
  }

  get remoteTracks(): readonly RemoteTrack[] {
    return [...this.#remoteTracks];
  }

  /** Takes the other side's signal data; processed strictly in arrival order. */
  signal(data: SignalData): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return this.#negotiation.receive(data);
  }

  /** Sends text on the app data channel; false when it is not open. */
  send(text: string): boolean {
    if (this.#channel?.readyState !== 'open') return false;
    this.#channel.send(text);
    return true;
  }

  get channelOpen(): boolean {
    return this.#channel?.readyState === 'open';
  }

  /**
   * Opens another data channel for bulk data (a file), ordered and reliable. Needs the
   * app channel open (the SCTP association is up), so no renegotiation happens; the other
   * side gets it as `data-channel`. Null when the connection cannot carry one now.
   */
  openDataChannel(label: string): RTCDataChannel | null {
    if (this.#closed || !this.channelOpen) return null;
    try {
      return this.pc.createDataChannel(label, { ordered: true });
    } catch {
      // Out of stream ids, or the connection closed meanwhile.
      return null;
    }
  }

  /** Swaps the main microphone or camera track without renegotiation (`replaceTrack`). */
  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    this.#media = { ...this.#media, [kind]: track };
    const transceiver = kind === 'audio' ? this.#audio : this.#video;
    if (transceiver === null || this.#closed) return;
    await transceiver.sender.replaceTrack(track);
  }

  /**
   * Caps the camera sender (bitrate, frame rate, resolution). Applied once the sender has
   * negotiated encodings; kept and re-applied after each negotiation.
   */
  setVideoQuality(quality: VideoQuality): Promise<void> {
    return this.#encodings.setVideoQuality(quality);
  }

  /** Makes the camera's encoder forget the resolution it lowered for bandwidth. */
  resetVideoAdaptation(): Promise<void> {
    return this.#encodings.resetVideoAdaptation();
  }

  /** The camera sender's statistics (outbound-rtp, its transport); null without one. */
  videoSenderStats(): Promise<RTCStatsReport | null> {
    return this.#encodings.videoSenderStats();
  }

  /**
   * Pauses or resumes the screen share copy (the receiver hides or shows its tile). Kept
   * while no share runs, so the next share starts as the receiver last said.
   */
  setScreenActive(active: boolean): Promise<void> {
    return this.#encodings.setScreenActive(active);
  }

  /** Starts sending a screen share: a new transceiver, negotiated through perfect negotiation. */
  startScreenShare(track: MediaStreamTrack, stream: MediaStream): void {
    this.#media = { ...this.#media, screen: { track, stream } };
    if (this.#closed || this.#screen !== null) return;
    // Before the first negotiation the answerer adds it once its answer is out.
    if (this.#audio === null && this.#video === null) return;
    this.#screen = this.pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
  }

  stopScreenShare(): void {
    this.#media = { ...this.#media, screen: null };
    const transceiver = this.#screen;
    this.#screen = null;
    if (transceiver === null || this.#closed) return;
    void transceiver.sender.replaceTrack(null);
    transceiver.stop();
  }

  /**
   * After a gap in signaling (resume), messages of ours may have been lost: send our offer
   * again if it is still unanswered, or restart ICE if the connection is not healthy.
   */
  recoverAfterSignalingGap(): void {
    if (this.#closed) return;
    if (!this.#negotiation.resendPendingOffer() && this.#state !== 'connected') this.restartIce();
  }

  /** Forces an ICE restart now (fresh ICE servers first). */
  restartIce(): void {
    this.#recovery.restartNow();
  }

  /** Applies new ICE servers for future gathering (e.g. pushed TURN credentials). */
  setIceServers(iceServers: RTCIceServer[]): void {
    if (this.#closed) return;
    this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers });
  }

  /** Closes the connection. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#recovery.stop();
    this.#channel?.close();
    this.pc.close();
    this.#updateState();
    this.emit('closed');
  }

  #followNegotiation(negotiation: PerfectNegotiation): void {
    negotiation.on('rollback', () => {
      this.emit('rollback');
    });
    negotiation.on('remote-restart', () => {
      this.#recovery.onRemoteRestart();
    });
    negotiation.on('answered', () => {
      this.#addPendingScreenShare();
    });
    negotiation.on('remote-rebuilt', (offer) => {
      this.emit('remote-rebuilt', offer);
    });
    negotiation.on('failed', (message, error) => {
      this.#report('negotiation-failed', message, error);
    });
  }

  #listen(): void {
    const pc = this.pc;
    pc.addEventListener('negotiationneeded', () => {
      this.emit('negotiationneeded');
      void this.#negotiation.offer();
    });
    pc.addEventListener('icecandidate', (event: RTCPeerConnectionIceEvent) => {
      this.emit('icecandidate', event.candidate);
      this.#negotiation.sendCandidate(event.candidate);
    });
    pc.addEventListener('signalingstatechange', () => {
      this.emit('signalingstatechange', pc.signalingState);
      if (pc.signalingState !== 'stable') return;
      this.#recovery.onNegotiated(pc.iceConnectionState);
      this.#reconcileRemoteTracks();
      this.#encodings.applyAgain();
    });
    pc.addEventListener('iceconnectionstatechange', () => {
      this.emit('iceconnectionstatechange', pc.iceConnectionState);
      this.#recovery.onIceState(pc.iceConnectionState);
      this.#updateState();
    });
    pc.addEventListener('connectionstatechange', () => {
      this.emit('connectionstatechange', pc.connectionState);
      this.#updateState();
    });
    pc.addEventListener('track', (event: RTCTrackEvent) => {
      this.#onTrack(event);
    });
    pc.addEventListener('datachannel', (event: RTCDataChannelEvent) => {
      this.emit('data-channel', event.channel);
    });
  }

  /**
   * The first offer starts at once: `negotiationneeded` would come only after everything
   * else in this task (the app building the newcomer's tiles), and the browser then skips
   * it, since an offer is under way. So it is emitted here instead, once the constructor's
   * caller has added its listeners.
   */
  #offerLocalSession(): void {
    this.#createLocalSession();
    void this.#negotiation.offer();
    queueMicrotask(() => {
      if (!this.#closed) this.emit('negotiationneeded');
    });
  }

  #createLocalSession(): void {
    const { audio, video, stream } = this.#media;
    const streams = stream === null ? [] : [stream];
    this.#audio = this.pc.addTransceiver(audio ?? 'audio', { direction: 'sendrecv', streams });
    this.#video = this.pc.addTransceiver(video ?? 'video', { direction: 'sendrecv', streams });
    this.#openAppChannel();
    const screen = this.#media.screen;
    if (screen !== null) this.startScreenShare(screen.track, screen.stream);
  }

  /** Answerer side, first offer: send our media on the transceivers the offer created. */
  async #attachToOfferedSession(): Promise<void> {
    if (this.#audio !== null || this.#video !== null) return;
    const transceivers = this.pc.getTransceivers();
    const first = (kind: string) => transceivers.find((t) => t.receiver.track.kind === kind);
    const { audio, video, stream } = this.#media;
    this.#audio = first('audio') ?? this.pc.addTransceiver('audio', { direction: 'sendrecv' });
    this.#video = first('video') ?? this.pc.addTransceiver('video', { direction: 'sendrecv' });
    const pairs: [RTCRtpTransceiver, MediaStreamTrack | null][] = [
      [this.#audio, audio],
      [this.#video, video],
    ];
    for (const [transceiver] of pairs) {
      transceiver.direction = 'sendrecv';
      if (stream !== null) transceiver.sender.setStreams(stream);
    }
    await Promise.all(pairs.map(([transceiver, track]) => transceiver.sender.replaceTrack(track)));
    this.#openAppChannel();
  }

  #openAppChannel(): void {
    // Negotiated on both sides with the same id: no `datachannel` event, no extra round trip.
    const channel = this.pc.createDataChannel(APP_CHANNEL.label, {
      negotiated: true,
      id: APP_CHANNEL.id,
    });
    this.#channel = channel;
    channel.addEventListener('open', () => {
      this.emit('channel-open');
    });
    channel.addEventListener('message', (event: MessageEvent) => {
      if (typeof event.data === 'string') this.emit('message', event.data);
    });
  }

  /** A screen share started before the first negotiation goes out now, in a renegotiation. */
  #addPendingScreenShare(): void {
    const screen = this.#media.screen;
    if (screen !== null && this.#screen === null)
      this.startScreenShare(screen.track, screen.stream);
  }

  async #restartIce(attempt: number): Promise<void> {
    if (this.#closed) return;
    this.emit('restart', attempt);
    this.#updateState();
    if (this.#refreshIceServers !== undefined) {
      try {
        // Expired TURN credentials make the new allocations of a restart fail: refresh first.
        this.setIceServers(await this.#refreshIceServers());
      } catch (error) {
        this.#report(
          'ice-restart-failed',
          'could not refresh ICE servers; restarting with the old ones',
          error,
        );
      }
    }
    if (this.pc.signalingState === 'closed') return;
    this.pc.restartIce();
    // An offer still unanswered holds the restart offer back (it waits for `stable`), and
    // perhaps it never arrived: send it again so that negotiation can finish.
    this.#negotiation.resendPendingOffer();
  }

  #onTrack(event: RTCTrackEvent): void {
    const remote: RemoteTrack = {
      track: event.track,
      streams: [...event.streams],
      source: this.#sourceOf(event.transceiver),
      transceiver: event.transceiver,
    };
    this.#remoteTracks.add(remote);
    this.emit('track', remote);
  }

  /** The first audio and video transceivers carry microphone and camera; later video is a screen. */
  #sourceOf(transceiver: RTCRtpTransceiver): TrackSource {
    const kind = transceiver.receiver.track.kind;
    const first = this.pc.getTransceivers().find((t) => t.receiver.track.kind === kind);
    if (kind === 'audio') return 'microphone';
    return first === transceiver ? 'camera' : 'screen';
  }

  /** After each negotiation: remote tracks whose transceiver no longer receives have ended. */
  #reconcileRemoteTracks(): void {
    for (const remote of this.#remoteTracks) {
      const direction = remote.transceiver.currentDirection;
      if (direction === 'stopped' || direction === 'inactive' || direction === 'sendonly') {
        this.#remoteTracks.delete(remote);
        this.emit('track-ended', remote);
      }
    }
  }

  #updateState(forced?: 'failed'): void {
    const { connectionState, iceConnectionState } = this.pc;
    let next: PeerState;
    if (this.#closed) next = 'closed';
    else if (forced === 'failed' || this.#state === 'failed') next = 'failed';
    else if (
      this.#recovery.recovering ||
      iceConnectionState === 'disconnected' ||
      iceConnectionState === 'failed'
    )
      next = 'reconnecting';
    else if (connectionState === 'connected') next = 'connected';
    else next = this.#state === 'connected' ? 'reconnecting' : 'connecting';
    if (next === this.#state) return;
    if (next === 'connected') this.#everConnected = true;
    this.#state = next;
    this.emit('state', next);
  }

  #report(
    code: 'negotiation-failed' | 'ice-restart-failed',
    message: string,
    cause: unknown,
  ): void {
    if (this.#closed) return;
    this.emit('error', new ConfabError(code, `${message}: ${toError(cause).message}`, { cause }));
  }
}
