import type {
  PeerInfo,
  RoomMode,
  RoomModeReason,
  RoomPath,
  SignalData,
  VideoSource,
} from '../../protocol/index.js';
import { incomingBitrate, type ConnectionStats } from '../connection-stats.js';
import { TypedEmitter } from '../emitter.js';
import type { ConfabError } from '../errors.js';
import type { CallConnectionStats, CallTrack, TileView } from './call-types.js';
import { connectionOf, type Connection } from './connection-state.js';
import type { MeshTransport } from './mesh-transport.js';
import { PathSwitch, type SwitchTarget } from './path-switch.js';
import { pathNotice, type ControlNotice } from './relay-data.js';
import { SfuRestarts } from './sfu-restarts.js';
import type { SfuServerMessage, SfuTransport } from './sfu-transport.js';
import { TrackRouter } from './track-router.js';
import { Transports, type TransportsOptions } from './transports.js';
import { ViewLayers } from './view-layers.js';

export interface MediaPathsOptions extends TransportsOptions {
  /** This browser can do WebRTC; without it nothing is connected. */
  readonly webrtc: boolean;
  readonly switchTimeoutMs: number;
  readonly layerDebounceMs: number;
}

export interface MediaPathsEvents {
  track: [string, CallTrack];
  'track-ended': [string, CallTrack];
  /** `connection(id)` changed. */
  connection: [string];
  /** A data channel opened (send our media state on it). */
  'channel-open': [string];
  'channel-message': [string, string];
  'data-channel': [string, RTCDataChannel];
  settled: [RoomPath];
  error: [ConfabError];
}

interface Member {
  readonly webrtc: boolean;
  /** The path that carries this participant's media (until a switch settles). */
  carrier: RoomPath;
  connection: Connection;
}

/**
 * The media side of a call: which path carries each participant (mesh or SFU), switching
 * between them make before break when the room's mode changes, what the app is shown, and
 * each participant's connection state.
 */
export class MediaPaths extends TypedEmitter<MediaPathsEvents> {
  readonly #transports: Transports;
  #mode: RoomMode = { path: 'mesh', epoch: 0, pinned: false };
  readonly #members = new Map<string, Member>();
  readonly #router = new TrackRouter();
  readonly #switch: PathSwitch;
  readonly #layers: ViewLayers;
  readonly #restarts: SfuRestarts;
  readonly #lastStats = new Map<string, { path: RoomPath; stats: ConnectionStats }>();
  readonly #options: MediaPathsOptions;

  constructor(options: MediaPathsOptions) {
    super();
    this.#options = options;
    this.#transports = new Transports(options, this.#router);
    this.#switch = new PathSwitch(options.switchTimeoutMs, {
      notify: (id, target) => {
        options.port.sendApp(pathNotice(target.path, target.epoch), id);
      },
      settle: (id, target) => {
        this.#settle(id, target);
      },
      done: (target) => {
        this.#done(target);
      },
    });
    this.#restarts = new SfuRestarts({
      current: () => this.#mode.path === 'sfu' && this.sfu?.epoch === this.#mode.epoch,
      restart: () => {
        this.#transports.restartSfu();
      },
    });
    this.#layers = new ViewLayers(options.layerDebounceMs, (choices) => {
      const sfu = this.#transports.sfu;
      if (sfu !== null) options.port.sendSfu({ type: 'sfu-layers', epoch: sfu.epoch, choices });
    });
    this.#wire();
  }

  get mode(): RoomMode {
    return this.#mode;
  }

  get mesh(): MeshTransport {
    return this.#transports.mesh;
  }

  get sfu(): SfuTransport | null {
    return this.#transports.sfu;
  }

  connection(id: string): Connection {
    return this.#members.get(id)?.connection ?? { state: 'closed', failure: null };
  }

  /**
   * The room's media mode: at joining (`joined`), after a resume, or from `room-mode`.
   * Returns false when it is the mode we are in. Epochs are compared for equality only,
   * as the server says: they start at 0 again when a room empties.
   */
  applyMode(mode: RoomMode, reason: RoomModeReason | 'joined' | 'resumed'): boolean {
    const current = this.#mode;
    if (reason !== 'joined' && mode.epoch === current.epoch) {
      // Nothing to switch; at most `pinned` changed in place.
      if (mode.path === current.path) this.#mode = mode;
      return false;
    }
    this.#mode = mode;
    this.#restarts.reset();
    if (!this.#options.webrtc) return true;
    if (mode.path === 'sfu') {
      // A new epoch on the SFU path replaces a lost SFU room: publish again by ourselves.
      this.#transports.startSfu(mode.epoch);
      // Nobody is connected yet at joining: participants join the path the room is on.
      if (reason !== 'joined') this.#beginSwitch({ path: 'sfu', epoch: mode.epoch });
    } else if (reason !== 'joined') this.#toMesh(mode, reason === 'sfu-lost');
    return true;
  }

  /** A participant to connect to (`initiator`: we offer, in a mesh). */
  add(info: PeerInfo, initiator: boolean): void {
    if (this.#members.has(info.id)) return;
    const webrtc = this.#options.webrtc && info.webrtc !== false;
    const carrier = this.#mode.path;
    const connection = connectionOf({ webrtc, carrier, mesh: null, sfu: this.sfu?.state ?? null });
    this.#members.set(info.id, { webrtc, carrier, connection });
    if (webrtc && carrier === 'mesh') this.mesh.connect(info.id, initiator);
    this.#evaluate(info.id);
  }

  remove(id: string): void {
    if (!this.#members.delete(id)) return;
    this.#switch.leave(id);
    this.mesh.disconnect(id);
    this.#router.forget(id);
    this.#layers.forget(id);
    this.#lastStats.delete(id);
  }

  /** Whether messages to this participant can go over a data channel (soon). */
  expectsChannel(id: string): boolean {
    const member = this.#members.get(id);
    return member?.webrtc === true && member.carrier === 'mesh' && this.mesh.peer(id) !== undefined;
  }

  /** The participant is still on the mesh while the room moves to the SFU (it closes soon). */
  leavingMesh(id: string): boolean {
    return this.#members.get(id)?.carrier === 'mesh' && this.#mode.path === 'sfu';
  }

  /**
   * Another data channel to the participant, peer to peer: only while a mesh connection
   * alone carries it (not in SFU mode, not during a switch, which would close it).
   */
  openDataChannel(id: string, label: string): RTCDataChannel | null {
    const member = this.#members.get(id);
    if (member?.carrier !== 'mesh' || this.#mode.path !== 'mesh' || this.#switch.pending(id))
      return null;
    return this.mesh.openDataChannel(id, label);
  }

  signal(from: string, data: SignalData): void {
    if (this.#members.get(from)?.webrtc === true) this.mesh.signal(from, data);
  }

  /** A server SFU message; false when stale (another epoch). */
  sfuMessage(message: SfuServerMessage): boolean {
    return this.sfu?.receive(message) ?? false;
  }

  /** The server said an SFU step failed (`sfu-failed`): start over unless the mode moves on. */
  sfuFailed(): void {
    this.#restarts.request();
  }

  /** A participant's control notice (through the server). */
  notice(from: string, notice: ControlNotice): void {
    if (notice.type === 'path') this.#switch.heard(from, notice.via, notice.epoch);
    else this.mesh.markFailed(from, 'remote-no-peer-connection');
  }

  /** Both transports: the local media (tracks, screen share) goes out on both. */
  get transports(): Transports {
    return this.#transports;
  }

  setView(id: string, source: VideoSource, view: TileView): void {
    this.#layers.set(id, source, view);
  }

  /** Data saver in SFU mode: the lowest simulcast layer of everyone. */
  setDataSaver(on: boolean): void {
    this.#layers.setSaver(on);
  }

  /** 0–1: the level of the participant's audio as we play it (for the active speaker). */
  audioLevel(id: string): number {
    const receiver = this.#router.shown(id, 'microphone')?.receiver;
    return receiver?.getSynchronizationSources()[0]?.audioLevel ?? 0;
  }

  async connectionStats(id: string): Promise<CallConnectionStats | null> {
    const path = this.#members.get(id)?.carrier;
    if (path === undefined) return null;
    let stats: ConnectionStats | null = null;
    try {
      stats = await this.#transports.stats(id, path);
    } catch {
      // The connection closed while reading: the next reading sees the new one.
    }
    if (stats === null) return null;
    const previous = this.#lastStats.get(id);
    this.#lastStats.set(id, { path, stats });
    const bitrate = previous?.path === path ? incomingBitrate(previous.stats, stats) : null;
    return { ...stats, path, bitrate };
  }

  /** Closes every connection (leaving, or a rejoin under a new id). */
  reset(): void {
    this.#restarts.cancel();
    for (const id of [...this.#members.keys()]) this.remove(id);
    this.#switch.dispose();
    this.#transports.close();
  }

  close(): void {
    this.reset();
    this.#layers.dispose();
  }

  #toMesh(mode: RoomMode, sfuLost: boolean): void {
    // A lost media server carries nothing any more: nothing to wait for.
    if (sfuLost) this.#transports.closeSfu(false);
    // Each pair re-creates its connection; the side with the smaller id offers.
    const self = this.#options.port.selfId();
    for (const [id, member] of this.#members)
      if (member.webrtc && !this.mesh.has(id)) this.mesh.connect(id, self < id);
    const deadline = sfuLost ? undefined : this.#options.switchTimeoutMs;
    this.#beginSwitch({ path: 'mesh', epoch: mode.epoch }, deadline);
  }

  #beginSwitch(target: SwitchTarget, deadlineMs?: number): void {
    const ids = [...this.#members]
      .filter(([, m]) => m.webrtc && (target.path === 'sfu' || m.carrier !== 'mesh'))
      .map(([id]) => id);
    this.#switch.begin(target, ids, deadlineMs);
    for (const id of ids) this.#evaluate(id);
  }

  #settle(id: string, target: SwitchTarget): void {
    const member = this.#members.get(id);
    if (member === undefined) return;
    member.carrier = target.path;
    if (target.path === 'sfu') {
      this.mesh.disconnect(id);
      this.#router.clearPath(id, 'mesh');
    }
    this.#evaluate(id);
  }

  #done(target: SwitchTarget): void {
    // Everyone reaches us peer to peer again: stop publishing and subscribing.
    if (target.path === 'mesh') this.#transports.closeSfu(true);
    this.emit('settled', target.path);
  }

  /** Re-decides what happens for one participant after anything about it changed. */
  #evaluate(id: string): void {
    const member = this.#members.get(id);
    if (member === undefined) return;
    const target = this.#switch.pending(id) ? this.#switch.target : null;
    if (target !== null && this.#arrived(id, member.carrier, target.path)) this.#switch.arrived(id);
    const pending = this.#switch.pending(id) ? this.#switch.target : null;
    this.#router.route(id, member.carrier, pending?.path ?? null);
    this.#updateConnection(id, member);
  }

  /** We receive the participant on `to` without losing anything it sent on `from`. */
  #arrived(id: string, from: RoomPath, to: RoomPath): boolean {
    const flowing = this.#transports.connected(id, to) || this.#router.anyLive(id, to);
    // A new SFU session after a lost one: the old tracks are dead, nothing to cover.
    if (from === to) return flowing;
    return this.#router.covers(id, from, to) && flowing;
  }

  /** The participant's connection state: set here, and only here. */
  #updateConnection(id: string, member: Member): void {
    const next = connectionOf({
      webrtc: member.webrtc,
      carrier: member.carrier,
      mesh: this.mesh.status(id),
      sfu: this.sfu?.state ?? null,
    });
    if (next.state === member.connection.state && next.failure === member.connection.failure)
      return;
    member.connection = next;
    this.emit('connection', id);
  }

  #wire(): void {
    const transports = this.#transports;
    this.#router.on('track', (id, track) => {
      this.emit('track', id, track);
    });
    this.#router.on('track-ended', (id, track) => {
      this.emit('track-ended', id, track);
    });
    this.#router.on('change', (id) => {
      this.#evaluate(id);
    });
    transports.on('changed', (id) => {
      if (this.sfu?.state === 'connected') this.#restarts.succeeded();
      for (const each of id === null ? [...this.#members.keys()] : [id]) this.#evaluate(each);
    });
    transports.on('feeds', (feeds, fresh) => {
      this.#layers.setFeeds(feeds, fresh);
    });
    transports.on('sfu-stalled', () => {
      this.#restarts.request();
    });
    transports.on('channel-open', (id) => {
      this.emit('channel-open', id);
    });
    transports.on('channel-message', (id, text) => {
      this.emit('channel-message', id, text);
    });
    transports.on('data-channel', (id, channel) => {
      this.emit('data-channel', id, channel);
    });
    transports.on('error', (error) => {
      this.emit('error', error);
    });
  }
}
