import type { PeerInfo, WelcomeMessage } from '../protocol/index.js';
import { decodeAppMessage, type AppMessage, type MediaState } from './app-messages.js';
import { TypedEmitter } from './emitter.js';
import { ConfabError } from './errors.js';
import type { MeshEvents, MeshOptions, MeshState, Participant } from './mesh-types.js';
import { Peer } from './peer.js';
import { isPolite, type LocalTracks } from './peer-types.js';
import { browserNetworkSources, watchNetworkChanges } from './network-watch.js';
import { prewarm } from './prewarm.js';
import { signalingUrl } from './server-url.js';
import { SignalingClient } from './signaling-client.js';
import type { JoinKind } from './signaling-types.js';
import { videoQualityFor } from './video-quality.js';

interface Entry {
  info: PeerInfo;
  peer: Peer;
  media: MediaState | null;
}

/**
 * A meeting as one participant sees it: one `Peer` per other member (full mesh), wired to
 * the signaling client. The newcomer offers to everyone in its `welcome`; existing members
 * answer. Chat and media state travel over each peer's data channel, never via the server.
 */
export class Mesh extends TypedEmitter<MeshEvents> {
  readonly signaling: SignalingClient;
  #state: MeshState = 'idle';
  #self: PeerInfo | null = null;
  readonly #entries = new Map<string, Entry>();
  #media: LocalTracks;
  #mediaState: MediaState;
  readonly #certificate: Promise<RTCCertificate | null>;
  #resolvedCertificate: RTCCertificate | null = null;
  readonly #options: MeshOptions;
  readonly #onPageHide = (event: PageTransitionEvent): void => {
    if (!event.persisted) this.close();
  };
  #stopWatchingNetwork: (() => void) | null = null;

  constructor(options: MeshOptions) {
    super();
    this.#options = options;
    const stream = typeof MediaStream === 'function' ? new MediaStream() : null;
    this.#media = {
      audio: options.audio ?? null,
      video: options.video ?? null,
      stream,
      screen: null,
    };
    this.#mediaState = {
      audio: this.#media.audio !== null,
      video: this.#media.video !== null,
      screen: false,
    };
    // The DTLS certificate and the browser's WebRTC set-up, done before joining (see prewarm.ts).
    this.#certificate = prewarm();
    this.signaling = new SignalingClient({
      ...options.signaling,
      url: signalingUrl(options.server),
      fallbackUrls: (options.fallbackServers ?? []).map((server) => signalingUrl(server)),
      room: options.room,
      name: options.name,
      ...(options.token === undefined ? {} : { token: options.token }),
    });
    this.#wireSignaling();
  }

  get state(): MeshState {
    return this.#state;
  }

  get self(): PeerInfo | null {
    return this.#self;
  }

  get participants(): Participant[] {
    return [...this.#entries.values()].map((entry) => this.#participant(entry));
  }

  participant(id: string): Participant | undefined {
    const entry = this.#entries.get(id);
    return entry === undefined ? undefined : this.#participant(entry);
  }

  get mediaState(): MediaState {
    return this.#mediaState;
  }

  /** Joins the room; resolves with our member info once `welcome` arrived. */
  async join(): Promise<PeerInfo> {
    if (this.#state !== 'idle') throw ConfabError.invalidState(`mesh is ${this.#state}`);
    this.#setState('joining');
    this.#resolvedCertificate = await this.#certificate;
    if (this.#options.leaveOnPageHide !== false && typeof addEventListener === 'function') {
      addEventListener('pagehide', this.#onPageHide);
    }
    if (this.#options.restartOnNetworkChange !== false) {
      const sources = this.#options.networkSources ?? browserNetworkSources();
      this.#stopWatchingNetwork = watchNetworkChanges(() => {
        this.#onNetworkChange();
      }, sources);
    }
    const welcome = await this.signaling.connect();
    return welcome.self;
  }

  /** Replaces the microphone or camera track on every connection (no renegotiation). */
  async setTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    this.#media = { ...this.#media, [kind]: track };
    await Promise.all(
      [...this.#entries.values()].map((entry) => entry.peer.replaceTrack(kind, track)),
    );
  }

  /** Tells the others what we send (muted microphone, camera off); shown on their tiles. */
  setMediaState(state: Partial<MediaState>): void {
    this.#mediaState = { ...this.#mediaState, ...state };
    this.broadcast({ type: 'state', ...this.#mediaState });
  }

  /** Shares a screen track with everyone (renegotiates each connection, glare-safe). */
  startScreenShare(track: MediaStreamTrack, stream: MediaStream): void {
    this.#media = { ...this.#media, screen: { track, stream } };
    for (const entry of this.#entries.values()) entry.peer.startScreenShare(track, stream);
    this.setMediaState({ screen: true });
  }

  stopScreenShare(): void {
    this.#media = { ...this.#media, screen: null };
    for (const entry of this.#entries.values()) entry.peer.stopScreenShare();
    this.setMediaState({ screen: false });
  }

  /** Sends a chat message to everyone over the data channels; returns it (for the local view). */
  sendChat(text: string): AppMessage {
    const message: AppMessage = { type: 'chat', id: randomId(), text, sentAt: Date.now() };
    this.broadcast(message);
    return message;
  }

  /** Sends an app message to every participant whose data channel is open. */
  broadcast(message: AppMessage): void {
    const text = JSON.stringify(message);
    for (const entry of this.#entries.values()) entry.peer.send(text);
  }

  sendTo(id: string, message: AppMessage): boolean {
    return this.#entries.get(id)?.peer.send(JSON.stringify(message)) ?? false;
  }

  /** Leaves the meeting: closes every connection and the signaling socket. Idempotent. */
  close(error: ConfabError | null = null): void {
    if (this.#state === 'closed') return;
    this.#setState('closed');
    if (typeof removeEventListener === 'function')
      removeEventListener('pagehide', this.#onPageHide);
    this.#stopWatchingNetwork?.();
    this.#stopWatchingNetwork = null;
    for (const id of [...this.#entries.keys()]) this.#remove(id);
    this.signaling.close();
    this.emit('closed', error);
  }

  #wireSignaling(): void {
    const signaling = this.signaling;
    signaling.on('joined', (welcome, kind) => {
      this.#onWelcome(welcome, kind);
    });
    signaling.on('peer-joined', (info) => {
      if (!this.#entries.has(info.id)) this.#add(info, false);
    });
    signaling.on('peer-left', (id) => {
      this.#remove(id);
    });
    signaling.on('signal', (from, data) => {
      void this.#entries.get(from)?.peer.signal(data);
    });
    signaling.on('ice-servers', (servers) => {
      for (const entry of this.#entries.values()) entry.peer.setIceServers(servers);
    });
    signaling.on('state', (state) => {
      if (state === 'reconnecting') this.#setState('reconnecting');
    });
    signaling.on('server-error', (error) => {
      this.emit('error', error);
    });
    signaling.on('closed', (error) => {
      this.close(error);
    });
  }

  #onWelcome(welcome: WelcomeMessage, kind: JoinKind): void {
    const present = new Set(welcome.peers.map((peer) => peer.id));
    if (kind === 'rejoined') {
      // Our old slot is gone: the others know us under a new id. Start over.
      for (const id of [...this.#entries.keys()]) this.#remove(id);
    } else {
      // Resumed: connections stay; drop those who left meanwhile.
      for (const id of [...this.#entries.keys()]) if (!present.has(id)) this.#remove(id);
    }
    this.#self = welcome.self;
    this.#setState('joined');
    // First join: we are the newcomer and offer. After a resume, members we do not know
    // joined while we were away; they offered to us (their offers follow this welcome).
    for (const peer of welcome.peers)
      if (!this.#entries.has(peer.id)) this.#add(peer, kind !== 'resumed');
    // What we sent into a connection that was already dead is lost: repair negotiations.
    if (kind === 'resumed')
      for (const entry of this.#entries.values()) entry.peer.recoverAfterSignalingGap();
    if (kind !== 'resumed') this.emit('joined', welcome.self);
  }

  /**
   * Our network changed: paths of every connection, and perhaps the signaling socket, are
   * dead without anyone having noticed yet. Restart now; restart offers written into a dead
   * socket are sent again after the resume (`recoverAfterSignalingGap`).
   */
  #onNetworkChange(): void {
    if (this.#state !== 'joined' && this.#state !== 'reconnecting') return;
    this.signaling.probe(this.#options.networkChangeProbeMs ?? 1000);
    for (const entry of this.#entries.values()) entry.peer.restartIce();
  }

  #add(info: PeerInfo, initiator: boolean): void {
    const entry: Entry = { info, peer: this.#createPeer(info.id, initiator), media: null };
    this.#entries.set(info.id, entry);
    this.#adaptVideoQuality();
    this.emit('participant-joined', this.#participant(entry));
    this.emit('peer-created', this.#participant(entry));
  }

  #remove(id: string): void {
    const entry = this.#entries.get(id);
    if (entry === undefined) return;
    this.#entries.delete(id);
    entry.peer.close();
    this.#adaptVideoQuality();
    this.emit('participant-left', id);
  }

  /** Replaces a participant's connection with a fresh one (after ICE restarts failed). */
  #rebuild(id: string, initiator: boolean): void {
    const entry = this.#entries.get(id);
    if (entry === undefined) return;
    entry.peer.close();
    entry.peer = this.#createPeer(id, initiator);
    void entry.peer.setVideoQuality(videoQualityFor(this.#entries.size + 1));
    this.emit('peer-created', this.#participant(entry));
  }

  #createPeer(remoteId: string, initiator: boolean): Peer {
    const selfId = this.#self?.id ?? this.signaling.self?.id ?? '';
    const polite = isPolite(selfId, remoteId);
    const { iceTransportPolicy, recovery, createPeerConnection } = this.#options;
    const peer = new Peer({
      remoteId,
      polite,
      initiator,
      media: this.#media,
      configuration: {
        iceServers: this.signaling.iceServers,
        bundlePolicy: 'max-bundle',
        ...(iceTransportPolicy === undefined ? {} : { iceTransportPolicy }),
        ...(this.#resolvedCertificate === null
          ? {}
          : { certificates: [this.#resolvedCertificate] }),
      },
      refreshIceServers: () => this.signaling.refreshIceServers(),
      ...(recovery === undefined ? {} : { recovery }),
      ...(createPeerConnection === undefined ? {} : { createPeerConnection }),
    });
    this.#wirePeer(peer, remoteId, polite);
    return peer;
  }

  #wirePeer(peer: Peer, remoteId: string, polite: boolean): void {
    const current = () => this.#entries.get(remoteId)?.peer === peer;
    peer.on('signal', (data) => {
      if (current()) this.signaling.sendSignal(remoteId, data);
    });
    peer.on('track', (track) => {
      this.emit('track', remoteId, track);
    });
    peer.on('track-ended', (track) => {
      this.emit('track-ended', remoteId, track);
    });
    peer.on('remote-rebuilt', (offer) => {
      if (!current()) return;
      // The other side replaced its connection: so do we, and answer on the new one.
      this.#rebuild(remoteId, false);
      void this.#entries.get(remoteId)?.peer.signal(offer);
    });
    peer.on('channel-open', () => {
      peer.send(JSON.stringify({ type: 'state', ...this.#mediaState }));
    });
    peer.on('message', (text) => {
      this.#onPeerMessage(remoteId, text);
    });
    peer.on('error', (error) => {
      this.emit('error', error);
    });
    peer.on('state', (state) => {
      if (!current()) return;
      this.emit('peer-state', remoteId, state);
      // Connections breaking often means our network changed: make sure signaling is alive
      // before the restart offers go out.
      if (state === 'reconnecting') this.signaling.probe();
      if (state !== 'failed') return;
      // The impolite side rebuilds at once; the polite side gives it time to do so first.
      const delay = polite ? (this.#options.rebuildDelayMs ?? 5000) : 0;
      setTimeout(() => {
        if (current() && peer.state === 'failed') this.#rebuild(remoteId, true);
      }, delay);
    });
  }

  #onPeerMessage(from: string, text: string): void {
    const decoded = decodeAppMessage(text);
    if (!decoded.ok) {
      this.emit(
        'error',
        new ConfabError('bad-peer-message', `peer ${from} sent ${decoded.reason}`),
      );
      return;
    }
    const entry = this.#entries.get(from);
    if (decoded.message.type === 'state' && entry !== undefined) {
      const { audio, video, screen } = decoded.message;
      entry.media = { audio, video, screen };
      this.emit('media-state', from, entry.media);
      return;
    }
    this.emit('message', from, decoded.message);
  }

  /** Every camera sender gets the budget of the current meeting size (see video-quality.ts). */
  #adaptVideoQuality(): void {
    if (this.#options.adaptVideoQuality === false) return;
    const quality = videoQualityFor(this.#entries.size + 1);
    for (const entry of this.#entries.values()) void entry.peer.setVideoQuality(quality);
  }

  #participant(entry: Entry): Participant {
    return { id: entry.info.id, name: entry.info.name, peer: entry.peer, media: entry.media };
  }

  #setState(next: MeshState): void {
    if (this.#state === next || this.#state === 'closed') return;
    this.#state = next;
    this.emit('state', next);
  }
}

function randomId(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : String(Math.random()).slice(2);
}
