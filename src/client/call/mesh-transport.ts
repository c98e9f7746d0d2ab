import type { SignalData } from '../../protocol/index.js';
import { TypedEmitter } from '../emitter.js';
import { ConfabError, toError } from '../errors.js';
import { Peer } from '../peer.js';
import { isPolite, type LocalTracks } from '../peer-types.js';
import { MeshBudget, type BudgetCopy } from '../quality/mesh-budget.js';
import type { ViewOfUs } from '../quality/encoding-plan.js';
import { videoQualityFor } from '../video-quality.js';
import type { ConnectionFailure } from './call-types.js';
import type { MeshStatus, MeshTransportEvents, MeshTransportOptions } from './mesh-types.js';

export type { MeshPort, MeshStatus, MeshTransportOptions } from './mesh-types.js';

/** Remote signals kept for a participant we have no connection to yet (more are dropped). */
const MAX_PENDING_SIGNALS = 64;

interface Entry {
  peer: Peer | null;
  /** Set when the connection failed; kept (also over rebuilds) until it connects. */
  failure: ConnectionFailure | null;
  connectTimer: ReturnType<typeof setTimeout> | null;
}

/**
 * Full mesh: one `Peer` per participant it is told to connect to. It does not own
 * signaling (a `MeshPort` carries its signals) nor decide who belongs to the mesh: the call
 * does. It rebuilds connections that failed and reports one that never connects in time.
 */
export class MeshTransport extends TypedEmitter<MeshTransportEvents> {
  readonly #options: MeshTransportOptions;
  readonly #entries = new Map<string, Entry>();
  readonly #pending = new Map<string, SignalData[]>();
  #media: LocalTracks;
  /** Receiver-driven camera quality (null when `adaptVideoQuality` is off). */
  readonly #budget: MeshBudget | null;

  constructor(options: MeshTransportOptions) {
    super();
    this.#options = options;
    this.#media = options.media;
    this.#budget = options.adaptVideoQuality ? new MeshBudget(this.#budgetPort()) : null;
  }

  /** How a participant shows our camera (its `view` message): its copy follows. */
  setRemoteView(id: string, view: ViewOfUs): void {
    if (this.#entries.has(id)) this.#budget?.setView(id, view);
  }

  /** Whether a participant shows our screen share: a hidden one pauses that copy. */
  setRemoteScreenView(id: string, visible: boolean): void {
    if (this.#entries.has(id)) this.#budget?.setScreenView(id, visible);
  }

  /** Data saver: every copy of our camera is low. */
  setDataSaver(on: boolean): void {
    this.#budget?.setSaver(on);
  }

  /** Why our video is reduced for lack of budget (see MeshBudget.limitation). */
  videoLimitation(): 'bandwidth' | 'cpu' | null {
    return this.#budget?.limitation() ?? null;
  }

  /** The video budget and what it gives each copy (null when quality is not adapted). */
  videoPlan(): ReturnType<MeshBudget['plan']> | null {
    return this.#budget?.plan() ?? null;
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  get ids(): string[] {
    return [...this.#entries.keys()];
  }

  peer(id: string): Peer | undefined {
    return this.#entries.get(id)?.peer ?? undefined;
  }

  status(id: string): MeshStatus | null {
    const entry = this.#entries.get(id);
    if (entry === undefined) return null;
    const state = entry.peer?.state ?? 'failed';
    const failed = entry.failure !== null && state !== 'connected' && state !== 'closed';
    return failed ? { state: 'failed', failure: entry.failure } : { state, failure: null };
  }

  /** Connects to a participant: the initiator offers; the other side waits for the offer. */
  connect(id: string, initiator: boolean): void {
    if (this.#entries.has(id)) return;
    const entry: Entry = { peer: null, failure: null, connectTimer: null };
    this.#entries.set(id, entry);
    this.#start(id, entry, initiator);
    this.#adaptVideoQuality();
    const pending = this.#pending.get(id) ?? [];
    this.#pending.delete(id);
    for (const data of pending) void entry.peer?.signal(data);
  }

  /** Closes the connection to a participant (left, or reached over another path). */
  disconnect(id: string): void {
    this.#pending.delete(id);
    const entry = this.#entries.get(id);
    if (entry === undefined) return;
    this.#entries.delete(id);
    this.#clearConnectTimer(entry);
    entry.peer?.close();
    this.#budget?.forget(id);
    this.#adaptVideoQuality();
  }

  /** A participant's signal; kept for later if we are not connecting to it (yet). */
  signal(from: string, data: SignalData): void {
    const entry = this.#entries.get(from);
    if (entry !== undefined) {
      void entry.peer?.signal(data);
      return;
    }
    const queue = this.#pending.get(from) ?? [];
    if (queue.length < MAX_PENDING_SIGNALS) queue.push(data);
    this.#pending.set(from, queue);
  }

  /** The other side told us it cannot connect to us. */
  markFailed(id: string, failure: ConnectionFailure): void {
    const entry = this.#entries.get(id);
    if (entry === undefined || entry.peer?.state === 'connected') return;
    entry.failure = failure;
    this.emit('status', id);
  }

  send(id: string, text: string): boolean {
    return this.#entries.get(id)?.peer?.send(text) ?? false;
  }

  /** Another data channel to the participant (see `Peer.openDataChannel`); null when none. */
  openDataChannel(id: string, label: string): RTCDataChannel | null {
    return this.#entries.get(id)?.peer?.openDataChannel(label) ?? null;
  }

  channelOpen(id: string): boolean {
    return this.#entries.get(id)?.peer?.channelOpen ?? false;
  }

  async setTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    this.#media = { ...this.#media, [kind]: track };
    await Promise.all(this.#peers().map((peer) => peer.replaceTrack(kind, track)));
    // Another camera may capture another size: the copies' scaling follows it.
    if (kind === 'video') this.#adaptVideoQuality();
  }

  startScreenShare(track: MediaStreamTrack, stream: MediaStream): void {
    this.#media = { ...this.#media, screen: { track, stream } };
    for (const peer of this.#peers()) peer.startScreenShare(track, stream);
  }

  stopScreenShare(): void {
    this.#media = { ...this.#media, screen: null };
    for (const peer of this.#peers()) peer.stopScreenShare();
  }

  setIceServers(servers: RTCIceServer[]): void {
    for (const peer of this.#peers()) peer.setIceServers(servers);
  }

  /** The network changed: restart ICE everywhere at once. */
  restartIce(): void {
    for (const peer of this.#peers()) peer.restartIce();
  }

  /** After a signaling gap (resume): repair negotiations whose messages may be lost. */
  recoverAfterSignalingGap(): void {
    for (const peer of this.#peers()) peer.recoverAfterSignalingGap();
  }

  close(): void {
    for (const id of this.ids) this.disconnect(id);
    this.#pending.clear();
    this.#budget?.dispose();
  }

  #peers(): Peer[] {
    return [...this.#entries.values()].flatMap((entry) =>
      entry.peer === null ? [] : [entry.peer],
    );
  }

  /** Creates the entry's Peer (first or rebuilt). */
  #start(id: string, entry: Entry, initiator: boolean): void {
    const old = entry.peer;
    entry.peer = null;
    old?.close();
    let peer: Peer;
    try {
      peer = this.#createPeer(id, initiator);
    } catch (error) {
      entry.failure = 'no-peer-connection';
      this.#clearConnectTimer(entry);
      const message = `could not create a connection: ${toError(error).message}`;
      this.emit('unreachable', id, new ConfabError('peer-connection-failed', message));
      this.emit('status', id);
      return;
    }
    entry.peer = peer;
    this.#budget?.reset(id);
    this.#watchConnectTime(id, entry);
    this.emit('peer-created', id, peer);
    this.emit('status', id);
  }

  #createPeer(remoteId: string, initiator: boolean): Peer {
    const { port, iceTransportPolicy, recovery, createPeerConnection } = this.#options;
    const certificate = this.#options.certificate();
    const polite = isPolite(port.selfId(), remoteId);
    const peer = new Peer({
      remoteId,
      polite,
      initiator,
      media: this.#media,
      configuration: {
        iceServers: port.iceServers(),
        bundlePolicy: 'max-bundle',
        ...(iceTransportPolicy === undefined ? {} : { iceTransportPolicy }),
        ...(certificate === null ? {} : { certificates: [certificate] }),
      },
      refreshIceServers: () => port.refreshIceServers(),
      ...(recovery === undefined ? {} : { recovery }),
      ...(createPeerConnection === undefined ? {} : { createPeerConnection }),
    });
    this.#wirePeer(peer, remoteId, polite);
    return peer;
  }

  #wirePeer(peer: Peer, remoteId: string, polite: boolean): void {
    const entry = () => {
      const found = this.#entries.get(remoteId);
      return found?.peer === peer ? found : undefined;
    };
    peer.on('signal', (data) => {
      if (entry() !== undefined) this.#options.port.sendSignal(remoteId, data);
    });
    peer.on('track', (track) => {
      if (entry() !== undefined) this.emit('track', remoteId, track);
    });
    peer.on('track-ended', (track) => {
      this.emit('track-ended', remoteId, track);
    });
    peer.on('remote-rebuilt', (offer) => {
      const current = entry();
      if (current === undefined) return;
      // The other side replaced its connection: so do we, and answer on the new one.
      this.#start(remoteId, current, false);
      void current.peer?.signal(offer);
    });
    peer.on('channel-open', () => {
      this.emit('channel-open', remoteId);
    });
    peer.on('message', (text) => {
      this.emit('message', remoteId, text);
    });
    peer.on('data-channel', (channel) => {
      if (entry() !== undefined) this.emit('data-channel', remoteId, channel);
      else channel.close();
    });
    peer.on('error', (error) => {
      this.emit('error', error);
    });
    peer.on('state', (state) => {
      const current = entry();
      if (current === undefined) return;
      if (state === 'connected') {
        current.failure = null;
        this.#clearConnectTimer(current);
      }
      // Connections breaking often means our network changed: make sure signaling is alive
      // before the restart offers go out.
      if (state === 'reconnecting') this.#options.port.probe();
      if (state === 'failed') this.#onFailed(remoteId, current, polite, 'ice-failed');
      this.emit('status', remoteId);
    });
  }

  /** A connection that is not connected `connectTimeoutMs` after it was made has failed. */
  #watchConnectTime(id: string, entry: Entry): void {
    this.#clearConnectTimer(entry);
    entry.connectTimer = setTimeout(() => {
      entry.connectTimer = null;
      const peer = entry.peer;
      if (this.#entries.get(id) !== entry || peer === null || peer.everConnected) return;
      this.#onFailed(id, entry, peer.polite, 'connect-timeout');
      this.emit('status', id);
    }, this.#options.connectTimeoutMs);
  }

  /** Rebuilds: the impolite side at once; the polite side gives it time to do so first. */
  #onFailed(id: string, entry: Entry, polite: boolean, failure: ConnectionFailure): void {
    entry.failure ??= failure;
    const failedPeer = entry.peer;
    const delay = polite ? this.#options.rebuildDelayMs : 0;
    setTimeout(() => {
      if (this.#entries.get(id) !== entry || entry.peer !== failedPeer) return;
      if (failedPeer === null || failedPeer.state === 'connected') return;
      this.#start(id, entry, true);
    }, delay);
  }

  #clearConnectTimer(entry: Entry): void {
    if (entry.connectTimer !== null) clearTimeout(entry.connectTimer);
    entry.connectTimer = null;
  }

  /** Every camera copy gets its share again (peers came or went, the camera changed). */
  #adaptVideoQuality(): void {
    this.#budget?.apply();
  }

  #budgetPort() {
    return {
      copies: () => {
        const copies = new Map<string, BudgetCopy>();
        for (const [id, entry] of this.#entries)
          if (entry.peer !== null) copies.set(id, entry.peer);
        return copies;
      },
      capture: () => {
        const { width, height } = this.#media.video?.getSettings() ?? {};
        return width === undefined || height === undefined ? null : { width, height };
      },
      // Peers that never say how they show us (older versions) get the size table.
      fallback: () => videoQualityFor(this.#entries.size + 1),
      now: () => Date.now(),
    };
  }
}
