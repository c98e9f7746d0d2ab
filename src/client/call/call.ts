import type { PeerInfo, VideoSource, WelcomeMessage } from '../../protocol/index.js';
import {
  type AppMessage,
  type ChatMessage,
  type CustomMessage,
  type MediaState,
} from '../app-messages.js';
import { TypedEmitter } from '../emitter.js';
import { ConfabError } from '../errors.js';
import { prewarm, prewarmed } from '../prewarm.js';
import type { SignalingClient } from '../signaling-client.js';
import type { JoinKind } from '../signaling-types.js';
import type {
  CallConnectionStats,
  CallEvents,
  CallOptions,
  CallParticipant,
  CallState,
  TileView,
} from './call-types.js';
import { registerInternals } from './internals.js';
import type { MediaPaths } from './media-paths.js';
import { Messenger, newMessageId } from './messenger.js';
import { CallTelemetry, DEFAULT_TELEMETRY_INTERVAL_MS } from './call-telemetry.js';
import { createMediaPaths, createSignaling, mediaPort } from './call-parts.js';
import { JoinSignals, signalsAtJoining } from './join-signals.js';
import { MessageIntake } from './message-intake.js';
import { controlNoticeSchemas } from './relay-data.js';
import { CallRoom } from './call-room.js';
import { Roster } from './roster.js';
import { watchPage } from './page-watch.js';
import { webrtcSupported } from './webrtc-support.js';
import { CallQuality } from '../quality/call-quality.js';

/**
 * A call as one participant sees it, whichever way media travels: peer to peer (full
 * mesh) or through the server's SFU, switching between them when the server says so
 * without anyone noticing. What apps are written against (docs/client.md).
 */
export class Call extends TypedEmitter<CallEvents> {
  /** Whether this browser can take part (it has RTCPeerConnection). */
  static supported(): boolean {
    return webrtcSupported();
  }

  readonly #options: CallOptions;
  readonly #signaling: SignalingClient;
  readonly #paths: MediaPaths;
  readonly #messenger: Messenger;
  readonly #intake: MessageIntake;
  readonly #quality: CallQuality;
  readonly #roster = new Roster();
  readonly #joinSignals = new JoinSignals(() => {
    this.emit('negotiation-sent');
  });
  readonly #webrtc: boolean;
  /** The room's host, lobby, lock and passcode, and the host's requests (call-room.ts). */
  readonly room: CallRoom;
  #state: CallState = 'idle';
  #self: PeerInfo | null = null;
  #mediaState: MediaState;
  #certificate: RTCCertificate | null = null;
  #stopWatchingPage: (() => void) | null = null;

  constructor(options: CallOptions) {
    super();
    this.#options = options;
    this.#webrtc = options.webrtc ?? webrtcSupported();
    this.#mediaState = {
      audio: (options.audio ?? null) !== null,
      video: (options.video ?? null) !== null,
      screen: false,
    };
    this.#signaling = createSignaling(options, this.#webrtc);
    this.room = new CallRoom(this.#signaling);
    const port = mediaPort(
      this.#signaling,
      () => this.#self?.id ?? this.#signaling.self?.id ?? '',
      (signal) => {
        this.#joinSignals.settled(signal);
      },
    );
    this.#paths = createMediaPaths(options, port, () => this.#certificate, this.#webrtc);
    this.#messenger = new Messenger({
      participants: () => this.#roster.ids,
      sendChannel: (id, text) => this.#paths.mesh.send(id, text),
      sendRelay: (data, to) => {
        this.#signaling.sendApp(data, to);
      },
      expectsChannel: (id) => this.#paths.expectsChannel(id) && !this.#paths.mesh.channelOpen(id),
      channelMayClose: (id) => this.#paths.leavingMesh(id),
    });
    this.#quality = new CallQuality(options.layerDebounceMs ?? 300, {
      mesh: this.#paths.mesh,
      send: (id, message) => this.#messenger.send(message, id),
      pixelRatio: () => globalThis.devicePixelRatio,
    });
    this.#intake = new MessageIntake(this.#messenger, {
      message: (from, message) => {
        this.#deliver(from, message);
      },
      custom: (from, message) => {
        if (this.#roster.has(from)) this.emit('custom-message', from, message);
      },
      notice: (from, notice) => {
        this.#paths.notice(from, notice);
      },
      invalid: (error) => {
        this.emit('error', error);
      },
    });
    this.#wireSignaling();
    this.#wirePaths();
    registerInternals(this, {
      signaling: this.#signaling,
      mesh: this.#paths.mesh,
      sfu: () => this.#paths.sfu,
    });
    if (options.telemetry !== false)
      new CallTelemetry(
        this,
        this.#signaling,
        options.telemetryIntervalMs ?? DEFAULT_TELEMETRY_INTERVAL_MS,
      );
  }

  get state(): CallState {
    return this.#state;
  }

  get self(): PeerInfo | null {
    return this.#self;
  }

  /** How media travels in the room now (for saying so in plain words). */
  get path(): 'mesh' | 'sfu' {
    return this.#paths.mode.path;
  }

  get participants(): CallParticipant[] {
    return this.#roster.ids.flatMap((id) => this.participant(id) ?? []);
  }

  participant(id: string): CallParticipant | undefined {
    return this.#roster.participant(id, this.#paths.connection(id));
  }

  get mediaState(): MediaState {
    return this.#mediaState;
  }

  /** The ICE servers the server handed out (e.g. to say "no TURN configured"). */
  get iceServers(): RTCIceServer[] {
    return this.#signaling.iceServers;
  }

  /** Joins the room; resolves with our member info once `welcome` arrived. */
  async join(): Promise<PeerInfo> {
    if (this.#state !== 'idle') throw ConfabError.invalidState(`call is ${this.#state}`);
    this.#setState('joining');
    // The DTLS certificate and the browser's WebRTC set-up, done before joining (prewarm.ts);
    // when it is done already, nothing here waits and the join goes out synchronously.
    if (this.#webrtc) {
      const warmed = prewarmed();
      this.#certificate = warmed === undefined ? await prewarm() : warmed;
    }
    this.#stopWatchingPage = watchPage(this.#options, {
      leave: () => {
        this.close();
      },
      networkChanged: () => {
        this.#onNetworkChange();
      },
    });
    const welcome = await this.#signaling.connect();
    return welcome.self;
  }

  /** Replaces the microphone or camera track everywhere (no renegotiation); null stops it. */
  setTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    return this.#paths.transports.setTrack(kind, track);
  }

  /** Tells the others what we send (muted microphone, camera off); shown on their tiles. */
  setMediaState(state: Partial<MediaState>): void {
    this.#mediaState = { ...this.#mediaState, ...state };
    this.#messenger.send({ type: 'state', ...this.#mediaState });
  }

  /** Shares a screen track with everyone (renegotiates; glare-safe). */
  startScreenShare(track: MediaStreamTrack, stream: MediaStream = new MediaStream([track])): void {
    this.#paths.transports.startScreenShare(track, stream);
    this.setMediaState({ screen: true });
  }

  stopScreenShare(): void {
    this.#paths.transports.stopScreenShare();
    this.setMediaState({ screen: false });
  }

  /** Sends a chat message to everyone; returns it (for the local view). */
  sendChat(text: string): ChatMessage {
    const message: ChatMessage = { type: 'chat', id: newMessageId(), text, sentAt: Date.now() };
    this.#messenger.send(message);
    return message;
  }

  /**
   * Sends a message to everyone: one of the library's (`AppMessage`) or a custom one (any
   * other `type`, see `CustomMessage`), which the others get as `custom-message`.
   */
  broadcast(message: AppMessage | CustomMessage): void {
    this.#messenger.send(checkOutgoing(message));
  }

  /** Sends a message to one participant; false when there is no such participant. */
  sendTo(id: string, message: AppMessage | CustomMessage): boolean {
    if (!this.#roster.has(id)) return false;
    this.#messenger.send(checkOutgoing(message), id);
    return true;
  }

  /**
   * Opens an ordered, reliable data channel to one participant for bulk data (a file),
   * peer to peer on its mesh connection, without renegotiation; the participant gets it as
   * `data-channel`. Null when there is none to open: SFU mode, a path switch under way, a
   * connection not up (send through `sendTo` instead, which goes through the server).
   */
  openDataChannel(id: string, label: string): RTCDataChannel | null {
    if (this.#state === 'closed' || !this.#roster.has(id)) return null;
    return this.#paths.openDataChannel(id, label);
  }

  /** How the app shows a participant's video; in SFU mode it picks the layer received. */
  setView(id: string, source: VideoSource, view: TileView): void {
    this.#paths.setView(id, source, view);
    this.#quality.setView(id, source, view);
  }

  /**
   * Why the video we send is reduced: our upload (`bandwidth`) or our computer (`cpu`) is
   * too slow for everyone's tiles; null when it is not. Mesh mode (the SFU gets one copy).
   */
  get sendLimitation(): 'bandwidth' | 'cpu' | null {
    return this.path === 'mesh' ? this.#paths.mesh.videoLimitation() : null;
  }

  /** Data saver: audio and low video, both ways (the others send us low video too). */
  setDataSaver(on: boolean): void {
    this.#quality.setDataSaver(on);
    this.#paths.setDataSaver(on);
  }

  /** What carries the participant now: pair, protocol, RTT, bitrate since the last call. */
  connectionStats(id: string): Promise<CallConnectionStats | null> {
    return this.#paths.connectionStats(id);
  }

  /** The level (0–1) of the participant's audio as it plays here. */
  audioLevel(id: string): number {
    return this.#paths.audioLevel(id);
  }

  /** Leaves the call: closes every connection and the signaling socket. Idempotent. */
  close(error: ConfabError | null = null): void {
    if (this.#state === 'closed') return;
    this.#setState('closed');
    this.#stopWatchingPage?.();
    this.#stopWatchingPage = null;
    this.#paths.close();
    this.#messenger.dispose();
    this.#quality.dispose();
    this.#signaling.close();
    // Not used if we never joined (no-op once the signaling client took it over).
    this.#options.preconnection?.close();
    this.emit('closed', error);
  }

  #wireSignaling(): void {
    const signaling = this.#signaling;
    const paths = this.#paths;
    signaling.on('joined', (welcome, kind) => {
      this.#onWelcome(welcome, kind);
    });
    signaling.on('peer-joined', (info) => {
      if (!this.#roster.has(info.id)) this.#addMember(info, false);
    });
    signaling.on('peer-left', (id) => {
      this.#removeMember(id);
    });
    signaling.on('signal', (from, data) => {
      paths.signal(from, data);
    });
    signaling.on('ice-servers', (servers) => {
      paths.transports.setIceServers(servers);
    });
    signaling.on('room-mode', (mode, reason) => {
      if (paths.applyMode(mode, reason)) this.emit('path', mode.path, reason);
    });
    signaling.on('app', (from, data) => {
      if (this.#roster.has(from)) this.#intake.relayed(from, data);
    });
    signaling.on('sfu-answer', (message) => paths.sfuMessage(message));
    signaling.on('sfu-offer', (message) => paths.sfuMessage(message));
    signaling.on('sfu-candidate', (message) => paths.sfuMessage(message));
    signaling.on('state', (state) => {
      if (state === 'reconnecting') this.#setState('reconnecting');
    });
    signaling.on('server-error', (error) => {
      // A message of an SFU epoch the room has left: expected around a switch.
      if (error.code === 'stale-epoch') return;
      if (error.code === 'sfu-failed') paths.sfuFailed();
      this.emit('error', error);
    });
    signaling.on('closed', (error) => {
      this.close(error);
    });
  }

  #wirePaths(): void {
    const paths = this.#paths;
    const announced = (id: string) => this.#roster.announced(id);
    paths.on('connection', (id) => {
      const participant = this.participant(id);
      if (participant !== undefined && announced(id))
        this.emit('connection-state', id, participant.connection);
    });
    paths.on('track', (id, track) => {
      if (announced(id)) this.emit('track', id, track);
    });
    paths.on('track-ended', (id, track) => {
      if (announced(id)) this.emit('track-ended', id, track);
    });
    paths.on('channel-open', (id) => {
      this.#messenger.channelOpen(id);
      this.#quality.channelOpen(id);
      this.#messenger.send({ type: 'state', ...this.#mediaState }, id);
    });
    paths.on('channel-message', (id, text) => {
      if (this.#roster.has(id)) this.#intake.channel(id, text);
    });
    paths.on('data-channel', (id, channel) => {
      if (this.#roster.has(id) && this.listenerCount('data-channel') > 0)
        this.emit('data-channel', id, channel);
      else channel.close();
    });
    paths.on('settled', (path) => {
      this.emit('path-settled', path);
    });
    paths.on('error', (error) => {
      this.emit('error', error);
    });
  }

  #onWelcome(welcome: WelcomeMessage, kind: JoinKind): void {
    const present = new Set(welcome.peers.map((peer) => peer.id));
    for (const id of this.#roster.ids)
      if (kind === 'rejoined' || !present.has(id)) this.#removeMember(id);
    // Our old slot is gone after a rejoin: the others know us under a new id. Start over.
    if (kind === 'rejoined') this.#paths.reset();
    this.#self = welcome.self;
    this.#setState('joined');
    if (kind !== 'resumed') this.#joinSignals.expect(signalsAtJoining(welcome, this.#webrtc));
    const changed = this.#paths.applyMode(welcome.mode, kind === 'resumed' ? 'resumed' : 'joined');
    // First join: we are the newcomer and offer. After a resume, members we do not know
    // joined while we were away; they offered to us (their offers follow this welcome).
    for (const peer of welcome.peers)
      if (!this.#roster.has(peer.id)) this.#addMember(peer, kind !== 'resumed');
    if (kind === 'resumed') {
      // What we sent into a connection that was already dead is lost: repair negotiations.
      this.#paths.transports.recoverAfterSignalingGap();
      if (changed) this.emit('path', welcome.mode.path, 'resumed');
    } else {
      this.emit('joined', welcome.self);
      this.#joinSignals.arm();
    }
  }

  #addMember(info: PeerInfo, initiator: boolean): void {
    this.#roster.add(info);
    this.#paths.add(info, initiator);
    this.#roster.announce(info.id);
    const participant = this.participant(info.id);
    if (participant !== undefined) this.emit('participant-joined', participant);
    // Without a data channel soon, our media state goes through the server.
    if (!this.#paths.expectsChannel(info.id))
      this.#messenger.send({ type: 'state', ...this.#mediaState }, info.id);
  }

  #removeMember(id: string): void {
    if (!this.#roster.remove(id)) return;
    this.#joinSignals.settled(id);
    this.#paths.remove(id);
    this.#messenger.forget(id);
    this.#quality.forget(id);
    this.emit('participant-left', id);
  }

  #deliver(from: string, message: AppMessage): void {
    if (message.type === 'view') {
      if (this.#roster.has(from)) this.#quality.received(from, message);
      return;
    }
    if (message.type !== 'state') {
      if (this.#roster.has(from)) this.emit('message', from, message);
      return;
    }
    const media = { audio: message.audio, video: message.video, screen: message.screen };
    if (this.#roster.setMedia(from, media)) this.emit('media-state', from, media);
  }

  /**
   * Our network changed: paths of every connection, and perhaps the signaling socket, are
   * dead without anyone having noticed yet. Restart now; restart offers written into a dead
   * socket are sent again after the resume.
   */
  #onNetworkChange(): void {
    if (this.#state !== 'joined' && this.#state !== 'reconnecting') return;
    this.#signaling.probe(this.#options.networkChangeProbeMs ?? 1000);
    this.#paths.transports.restartIce();
  }

  #setState(next: CallState): void {
    if (this.#state === next || this.#state === 'closed') return;
    this.#state = next;
    this.emit('state', next);
  }
}

/** A custom message may not take a control notice's name (receivers would misread it). */
function checkOutgoing<M extends AppMessage | CustomMessage>(message: M): M {
  if (Object.hasOwn(controlNoticeSchemas, message.type))
    throw ConfabError.invalidState(`${message.type} is reserved for the library's notices`);
  return message;
}
