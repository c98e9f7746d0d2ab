import type { SignalData } from '../../protocol/index.js';
import type { ConfabError } from '../errors.js';
import type { IceRecoveryOptions } from '../ice-recovery.js';
import type { Peer } from '../peer.js';
import type { LocalTracks, PeerState, RemoteTrack } from '../peer-types.js';
import type { ConnectionFailure } from './call-types.js';

/** What the mesh needs from signaling; it never owns the socket. */
export interface MeshPort {
  selfId(): string;
  sendSignal(to: string, data: SignalData): void;
  iceServers(): RTCIceServer[];
  refreshIceServers(): Promise<RTCIceServer[]>;
  /** Checks the signaling socket is alive (connections breaking often mean it is not). */
  probe(): void;
}

export interface MeshTransportOptions {
  readonly port: MeshPort;
  readonly media: LocalTracks;
  readonly certificate: () => RTCCertificate | null;
  readonly iceTransportPolicy?: RTCIceTransportPolicy | undefined;
  readonly rebuildDelayMs: number;
  readonly connectTimeoutMs: number;
  readonly adaptVideoQuality: boolean;
  readonly recovery?: Partial<IceRecoveryOptions> | undefined;
  readonly createPeerConnection?:
    ((configuration: RTCConfiguration) => RTCPeerConnection) | undefined;
}

/** The connection to one participant: its state and, when it is failed, why. */
export interface MeshStatus {
  readonly state: PeerState;
  readonly failure: ConnectionFailure | null;
}

export interface MeshTransportEvents {
  /** A `Peer` was created (first or rebuilt): raw events for tests and benchmarks. */
  'peer-created': [string, Peer];
  /** `status(id)` changed. */
  status: [string];
  track: [string, RemoteTrack];
  'track-ended': [string, RemoteTrack];
  'channel-open': [string];
  /** A text frame on a participant's data channel. */
  message: [string, string];
  /** The participant opened another data channel to us (`openDataChannel` on its side). */
  'data-channel': [string, RTCDataChannel];
  /** This browser could not create a connection to the participant (it should be told). */
  unreachable: [string, ConfabError];
  error: [ConfabError];
}
