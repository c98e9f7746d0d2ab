import type { RoomPath, SignalData, VideoSource } from '../../protocol/index.js';
import { readConnectionStats, type ConnectionStats } from '../connection-stats.js';
import { TypedEmitter } from '../emitter.js';
import type { ConfabError } from '../errors.js';
import type { LocalTracks, RemoteTrack } from '../peer-types.js';
import type { AppData, SfuClientMessage } from '../signaling-types.js';
import { MeshTransport, type MeshTransportOptions } from './mesh-transport.js';
import { SfuTransport } from './sfu-transport.js';
import type { RoutedTrack, TrackRouter } from './track-router.js';
import { cannotConnectNotice } from './relay-data.js';

/** What the media side needs from signaling. */
export interface MediaPort {
  selfId(): string;
  sendSignal(to: string, data: SignalData): void;
  sendSfu(message: SfuClientMessage): void;
  sendApp(data: AppData, to?: string): void;
  iceServers(): RTCIceServer[];
  refreshIceServers(): Promise<RTCIceServer[]>;
  probe(): void;
}

export interface TransportsOptions extends Omit<MeshTransportOptions, 'port'> {
  readonly port: MediaPort;
}

export interface TransportsEvents {
  /** Something a participant's media depends on changed; null: everyone's. */
  changed: [string | null];
  /** The feeds the SFU sends us (null: no SFU transport); `fresh`: a new SFU session. */
  feeds: [feeds: { peer: string; source: VideoSource }[] | null, fresh: boolean];
  'channel-open': [string];
  'channel-message': [string, string];
  'data-channel': [string, RTCDataChannel];
  /** The SFU transport failed and must start over (`restartSfu`). */
  'sfu-stalled': [];
  error: [ConfabError];
}

/**
 * The two transports and the local media both send: the mesh (always there) and the SFU
 * transport of the room's current SFU epoch (while there is one). Their received tracks
 * go into the track router; what changes is announced for the call to re-decide.
 */
export class Transports extends TypedEmitter<TransportsEvents> {
  readonly mesh: MeshTransport;
  #sfu: SfuTransport | null = null;
  #media: LocalTracks;

  constructor(
    private readonly options: TransportsOptions,
    private readonly router: TrackRouter,
  ) {
    super();
    this.#media = options.media;
    this.mesh = new MeshTransport(options);
    this.#wireMesh();
  }

  get sfu(): SfuTransport | null {
    return this.#sfu;
  }

  /** Whether the path's connection to the participant is up. */
  connected(id: string, path: RoomPath): boolean {
    return path === 'mesh'
      ? this.mesh.status(id)?.state === 'connected'
      : this.#sfu?.state === 'connected';
  }

  async stats(id: string, path: RoomPath): Promise<ConnectionStats | null> {
    if (path === 'sfu') return (await this.#sfu?.stats(id)) ?? null;
    const pc = this.mesh.peer(id)?.pc;
    if (pc === undefined || pc.connectionState === 'closed') return null;
    return readConnectionStats(await pc.getStats());
  }

  /** Publishes to the SFU of this epoch (a new one replaces any other). */
  startSfu(epoch: number): void {
    if (this.#sfu?.epoch === epoch) return;
    this.closeSfu(false);
    const sfu = this.#createSfu(epoch);
    this.#sfu = sfu;
    this.emit('feeds', [], true);
    sfu.start();
  }

  /**
   * Starts the SFU transport over within its epoch: `sfu-leave`, close both connections,
   * publish again on new ones (the server then offers a new subscriber connection).
   */
  restartSfu(): void {
    const old = this.#sfu;
    if (old === null) return;
    this.#sfu = null;
    const staleUfrags = old.remoteUfrags();
    old.leave();
    const sfu = this.#createSfu(old.epoch, staleUfrags);
    this.#sfu = sfu;
    this.emit('feeds', [], true);
    sfu.start();
    this.emit('changed', null);
  }

  /** Stops the SFU transport: `leave` tells the server (we are reachable another way). */
  closeSfu(leave: boolean): void {
    const sfu = this.#sfu;
    if (sfu === null) return;
    this.#sfu = null;
    this.emit('feeds', null, false);
    if (leave) sfu.leave();
    else sfu.close();
    this.emit('changed', null);
  }

  async setTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    this.#media = { ...this.#media, [kind]: track };
    await Promise.all([this.mesh.setTrack(kind, track), this.#sfu?.setTrack(kind, track)]);
  }

  startScreenShare(track: MediaStreamTrack, stream: MediaStream): void {
    this.#media = { ...this.#media, screen: { track, stream } };
    this.mesh.startScreenShare(track, stream);
    this.#sfu?.startScreenShare(track, stream);
  }

  stopScreenShare(): void {
    this.#media = { ...this.#media, screen: null };
    this.mesh.stopScreenShare();
    this.#sfu?.stopScreenShare();
  }

  setIceServers(servers: RTCIceServer[]): void {
    this.mesh.setIceServers(servers);
    this.#sfu?.setIceServers(servers);
  }

  /** The network changed: every connection restarts ICE now. */
  restartIce(): void {
    this.mesh.restartIce();
    this.#sfu?.restartIce();
  }

  recoverAfterSignalingGap(): void {
    this.mesh.recoverAfterSignalingGap();
    this.#sfu?.recoverAfterSignalingGap();
  }

  close(): void {
    this.closeSfu(false);
    this.mesh.close();
  }

  #createSfu(epoch: number, staleUfrags?: ReadonlySet<string>): SfuTransport {
    const { port, certificate, iceTransportPolicy, recovery, createPeerConnection } = this.options;
    const sfu = new SfuTransport({
      epoch,
      staleUfrags,
      port: {
        send: (message) => {
          port.sendSfu(message);
        },
        refreshIceServers: () => port.refreshIceServers(),
      },
      media: this.#media,
      // Read at each connection's creation: the member's TURN credentials of the moment.
      configuration: () => {
        const cert = certificate();
        return {
          iceServers: port.iceServers(),
          bundlePolicy: 'max-bundle',
          ...(iceTransportPolicy === undefined ? {} : { iceTransportPolicy }),
          ...(cert === null ? {} : { certificates: [cert] }),
        };
      },
      recovery,
      createPeerConnection,
    });
    const current = () => this.#sfu === sfu;
    sfu.on('track', (peer, routed) => {
      if (current()) this.router.set(peer, 'sfu', routed.source, routed);
    });
    sfu.on('track-ended', (peer, routed) => {
      this.#unset(peer, 'sfu', routed);
    });
    sfu.on('state', () => {
      if (current()) this.emit('changed', null);
    });
    sfu.on('feeds', () => {
      if (current()) this.emit('feeds', sfu.feeds(), false);
    });
    sfu.on('stalled', () => {
      if (current()) this.emit('sfu-stalled');
    });
    sfu.on('error', (error) => {
      this.emit('error', error);
    });
    return sfu;
  }

  #wireMesh(): void {
    const mesh = this.mesh;
    mesh.on('track', (id, remote) => {
      this.router.set(id, 'mesh', remote.source, routedOf(remote));
    });
    mesh.on('track-ended', (id, remote) => {
      this.#unset(id, 'mesh', routedOf(remote));
    });
    mesh.on('status', (id) => {
      this.emit('changed', id);
    });
    mesh.on('channel-open', (id) => {
      this.emit('channel-open', id);
    });
    mesh.on('message', (id, text) => {
      this.emit('channel-message', id, text);
    });
    mesh.on('data-channel', (id, channel) => {
      this.emit('data-channel', id, channel);
    });
    mesh.on('unreachable', (id, error) => {
      // So that it shows us as failed too, instead of waiting for our connection.
      this.options.port.sendApp(cannotConnectNotice, id);
      this.emit('error', error);
    });
    mesh.on('error', (error) => {
      this.emit('error', error);
    });
  }

  /** A track ended: removed from the router unless another already took its place. */
  #unset(id: string, path: RoomPath, routed: RoutedTrack): void {
    if (this.router.get(id, path, routed.source)?.track === routed.track)
      this.router.set(id, path, routed.source, null);
  }
}

function routedOf(remote: RemoteTrack): RoutedTrack {
  return { track: remote.track, source: remote.source, receiver: remote.transceiver.receiver };
}
