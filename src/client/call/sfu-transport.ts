import type {
  IceCandidate,
  ServerSfuAnswerMessage,
  ServerSfuCandidateMessage,
  SfuOfferMessage,
  SfuPeerConnectionRole,
  SfuStream,
  VideoSource,
} from '../../protocol/index.js';
import type { ConnectionStats } from '../connection-stats.js';
import { TypedEmitter } from '../emitter.js';
import { ConfabError, toError } from '../errors.js';
import { sdpIceUfrag } from '../sdp-info.js';
import type { IceRecoveryOptions } from '../ice-recovery.js';
import type { LocalTracks } from '../peer-types.js';
import type { SfuClientMessage } from '../signaling-types.js';
import { readSfuParticipantStats, SharedStatsReport } from './sfu-stats.js';
import { combinedState, type SfuConnection, type SfuLinkState } from './sfu-connection.js';
import { SfuPublisher } from './sfu-publisher.js';
import { SfuSubscriber } from './sfu-subscriber.js';
import type { RoutedTrack } from './track-router.js';

/** What the SFU transport needs from signaling. */

export interface SfuPort {
  send(message: SfuClientMessage): void;
  refreshIceServers(): Promise<RTCIceServer[]>;
}

export interface SfuTransportOptions {
  /** The room's SFU epoch this transport belongs to; messages of another one are stale. */
  readonly epoch: number;
  readonly port: SfuPort;
  readonly media: LocalTracks;
  /** ICE servers (the member's TURN credentials), certificate and policy, read when needed. */
  readonly configuration: () => RTCConfiguration;
  readonly recovery?: Partial<IceRecoveryOptions> | undefined;
  readonly createPeerConnection?:
    ((configuration: RTCConfiguration) => RTCPeerConnection) | undefined;
  /**
   * ICE usernames of the media server's side of the connections this transport replaces
   * (a start-over in the same epoch): offers and answers still in flight from those Janus
   * handles arrive after our sfu-leave and are not for our new connections.
   */
  readonly staleUfrags?: ReadonlySet<string> | undefined;
}

export type SfuServerMessage = ServerSfuAnswerMessage | SfuOfferMessage | ServerSfuCandidateMessage;

export interface SfuTransportEvents {
  /** `state` (both connections together) changed. */
  state: [SfuLinkState];
  /** A participant's track arrived on the subscriber connection (it may still be muted). */
  track: [string, RoutedTrack];
  'track-ended': [string, RoutedTrack];
  /** The set of feeds (participant × video source) we receive changed. */
  feeds: [];
  /** A connection failed for good (or the subscriber's ICE broke): start over. */
  stalled: [];
  error: [ConfabError];
}

interface Stream {
  readonly peer: string;
  readonly routed: RoutedTrack;
}

/**
 * Media through the SFU for one epoch of the room: our publisher connection (sendonly)
 * and our subscriber connection (recvonly, created with the server's first offer), each
 * mid of which `streams` maps to a participant and source.
 */
export class SfuTransport extends TypedEmitter<SfuTransportEvents> {
  readonly epoch: number;
  readonly #options: SfuTransportOptions;
  readonly publisher: SfuPublisher;
  #subscriber: SfuSubscriber | null = null;
  readonly #reports = new SharedStatsReport();
  readonly #streams = new Map<string, Stream>();
  #offers: Promise<void> = Promise.resolve();
  #state: SfuLinkState = 'connecting';
  #closed = false;

  constructor(options: SfuTransportOptions) {
    super();
    this.epoch = options.epoch;
    this.#options = options;
    this.publisher = new SfuPublisher({
      configuration: options.configuration(),
      media: options.media,
      refreshIceServers: () => options.port.refreshIceServers(),
      recovery: options.recovery,
      createPeerConnection: options.createPeerConnection,
    });
    this.publisher.on('publish', (sdp, sources) => {
      this.#send({ type: 'sfu-publish', epoch: this.epoch, sdp, sources });
    });
    this.#wireLink(this.publisher.link);
  }

  get state(): SfuLinkState {
    return this.#state;
  }

  get subscriber(): SfuSubscriber | null {
    return this.#subscriber;
  }

  /** Publishes our media (the first `sfu-publish`). */
  start(): void {
    this.publisher.start();
  }

  /** A server SFU message; false (and ignored) when it belongs to another epoch. */
  receive(message: SfuServerMessage): boolean {
    if (message.epoch !== this.epoch || this.#closed) return false;
    if (message.type !== 'sfu-candidate' && this.#isStale(message.sdp)) return true;
    switch (message.type) {
      case 'sfu-answer':
        void this.publisher.onAnswer(message.sdp);
        return true;
      case 'sfu-offer':
        this.#offers = this.#offers
          .then(() => this.#applyOffer(message))
          .catch((error: unknown) => {
            this.#report('could not answer the media server’s offer', error);
          });
        return true;
      case 'sfu-candidate':
        void this.#link(message.pc)?.addRemoteCandidate(message.candidate);
        return true;
    }
  }

  /** The media server's ICE usernames of our connections, and of those we replaced. */
  remoteUfrags(): Set<string> {
    const ufrags = new Set(this.#options.staleUfrags);
    for (const pc of [this.publisher.pc, this.#subscriber?.pc]) {
      const sdp = pc?.remoteDescription?.sdp;
      const ufrag = sdp === undefined ? null : sdpIceUfrag(sdp);
      if (ufrag !== null) ufrags.add(ufrag);
    }
    return ufrags;
  }

  #isStale(sdp: string): boolean {
    const ufrag = sdpIceUfrag(sdp);
    return ufrag !== null && this.#options.staleUfrags?.has(ufrag) === true;
  }

  /** The feeds we receive: participant and video source. */
  feeds(): { peer: string; source: VideoSource }[] {
    return [...this.#streams.values()].flatMap(({ peer, routed }) =>
      routed.source === 'microphone' ? [] : [{ peer, source: routed.source }],
    );
  }

  /** A participant's media on the subscriber connection: the pair and its bytes received. */
  async stats(peer: string): Promise<ConnectionStats | null> {
    const subscriber = this.#subscriber;
    if (subscriber === null || subscriber.link.isClosed()) return null;
    const mids = new Set(
      [...this.#streams].filter(([, stream]) => stream.peer === peer).map(([mid]) => mid),
    );
    return readSfuParticipantStats(await this.#reports.of(subscriber.pc), mids);
  }

  setTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    return this.publisher.setTrack(kind, track);
  }

  startScreenShare(track: MediaStreamTrack, stream: MediaStream): void {
    this.publisher.startScreenShare(track, stream);
  }

  stopScreenShare(): void {
    this.publisher.stopScreenShare();
  }

  setIceServers(servers: RTCIceServer[]): void {
    this.publisher.link.setIceServers(servers);
    this.#subscriber?.link.setIceServers(servers);
  }

  /** The network changed: restart the publisher's ICE now (the server re-offers the other). */
  restartIce(): void {
    this.publisher.link.restartIce();
  }

  /** After a signaling gap: an offer of ours may have been lost. */
  recoverAfterSignalingGap(): void {
    this.publisher.resendPendingOffer();
  }

  /** Stops publishing and subscribing (everyone reaches us another way now), then closes. */
  leave(): void {
    if (this.#closed) return;
    this.#send({ type: 'sfu-leave', epoch: this.epoch });
    this.close();
  }

  /** Closes both connections. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.publisher.close();
    this.#subscriber?.close();
    this.#endStreams();
    this.#updateState();
  }

  async #applyOffer(offer: SfuOfferMessage): Promise<void> {
    if (this.#closed) return;
    const current = this.#subscriber;
    // Another SDP session: the server made a new subscriber connection; so must we.
    if (current !== null && !current.continues(offer.sdp)) {
      current.close();
      this.#subscriber = null;
      this.#endStreams();
    }
    const subscriber = this.#subscriber ?? this.#createSubscriber();
    await subscriber.receiveOffer(offer.sdp);
    if (this.#subscriber === subscriber) this.#mapStreams(subscriber, offer.streams);
  }

  #createSubscriber(): SfuSubscriber {
    const { configuration, recovery, createPeerConnection } = this.#options;
    const subscriber = new SfuSubscriber({
      configuration: configuration(),
      recovery,
      createPeerConnection,
    });
    subscriber.on('answer', (sdp) => {
      if (this.#subscriber === subscriber)
        this.#send({ type: 'sfu-answer', epoch: this.epoch, sdp });
    });
    subscriber.on('stalled', () => {
      if (this.#subscriber === subscriber && !this.#closed) this.emit('stalled');
    });
    this.#subscriber = subscriber;
    this.#wireLink(subscriber.link);
    return subscriber;
  }

  /** Which participant and source each mid carries now; what changed is reported. */
  #mapStreams(subscriber: SfuSubscriber, streams: readonly SfuStream[]): void {
    const next = new Map(streams.map((stream) => [stream.mid, stream]));
    for (const [mid, old] of this.#streams) {
      const stream = next.get(mid);
      // Janus recycles the m-line of a feed that went for the next one, mid and all: the
      // same participant publishing afresh (after a start-over) arrives on a new track.
      const sameTrack = subscriber.transceiver(mid)?.receiver.track === old.routed.track;
      if (stream?.peer === old.peer && stream.source === old.routed.source && sameTrack) continue;
      this.#streams.delete(mid);
      this.emit('track-ended', old.peer, old.routed);
    }
    for (const stream of streams) {
      if (this.#streams.has(stream.mid)) continue;
      const receiver = subscriber.transceiver(stream.mid)?.receiver;
      const expected = stream.source === 'microphone' ? 'audio' : 'video';
      if (receiver?.track.kind !== expected) {
        this.#report(
          `stream ${stream.mid}`,
          new Error(`no ${expected} m-line for ${stream.source}`),
        );
        continue;
      }
      const routed: RoutedTrack = { track: receiver.track, source: stream.source, receiver };
      this.#streams.set(stream.mid, { peer: stream.peer, routed });
      this.emit('track', stream.peer, routed);
    }
    this.emit('feeds');
  }

  #endStreams(): void {
    const streams = [...this.#streams.values()];
    this.#streams.clear();
    for (const { peer, routed } of streams) this.emit('track-ended', peer, routed);
    if (streams.length > 0) this.emit('feeds');
  }

  #wireLink(link: SfuConnection): void {
    link.on('candidate', (candidate: IceCandidate | null) => {
      if (link === this.#link(link.role))
        this.#send({ type: 'sfu-candidate', epoch: this.epoch, pc: link.role, candidate });
    });
    link.on('state', (state) => {
      this.#updateState();
      if (state === 'failed' && link === this.#link(link.role) && !this.#closed)
        this.emit('stalled');
    });
    link.on('error', (error) => {
      this.emit('error', error);
    });
  }

  #link(role: SfuPeerConnectionRole): SfuConnection | undefined {
    return role === 'publisher' ? this.publisher.link : this.#subscriber?.link;
  }

  #send(message: SfuClientMessage): void {
    if (!this.#closed || message.type === 'sfu-leave') this.#options.port.send(message);
  }

  #updateState(): void {
    const next = this.#closed
      ? 'closed'
      : combinedState(this.publisher.link.state, this.#subscriber?.link.state ?? null);
    if (next === this.#state) return;
    this.#state = next;
    this.emit('state', next);
  }

  #report(message: string, cause: unknown): void {
    if (this.#closed) return;
    const detail = `${message}: ${toError(cause).message}`;
    this.emit('error', new ConfabError('negotiation-failed', detail, { cause }));
  }
}
