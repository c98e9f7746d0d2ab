import type { PeerInfo } from '../protocol/index.js';
import type { AppMessage, MediaState } from './app-messages.js';
import type { ConfabError } from './errors.js';
import type { IceRecoveryOptions } from './ice-recovery.js';
import type { NetworkEventSources } from './network-watch.js';
import type { Peer } from './peer.js';
import type { PeerState, RemoteTrack } from './peer-types.js';
import type { SignalingOptions } from './signaling-types.js';

/** idle → joining → joined ⇄ reconnecting (signaling only; media keeps flowing) → closed. */
export type MeshState = 'idle' | 'joining' | 'joined' | 'reconnecting' | 'closed';

export interface MeshOptions {
  readonly room: string;
  readonly name: string;
  /** Room token for servers started with `--auth-secret`. */
  readonly token?: string;
  /** The confab server (`https://meet.example.org`); default: the page's origin. */
  readonly server?: string;
  /** Other nodes of the same deployment, tried in turn when `server` cannot be reached. */
  readonly fallbackServers?: readonly string[];
  /** Initial local media; change it later with `setTrack` / `startScreenShare`. */
  readonly audio?: MediaStreamTrack | null;
  readonly video?: MediaStreamTrack | null;
  /** `relay` forces every connection through TURN (hides IP addresses; for testing TURN). */
  readonly iceTransportPolicy?: RTCIceTransportPolicy;
  /** Leave the room when the page is hidden for good (tab closed, navigated away). Default true. */
  readonly leaveOnPageHide?: boolean;
  /** How long the polite side waits for the other side to rebuild a failed connection (5 s). */
  readonly rebuildDelayMs?: number;
  /**
   * Scale each camera sender's bitrate, frame rate and resolution down as the meeting grows
   * (see video-quality.ts). Default true.
   */
  readonly adaptVideoQuality?: boolean;
  /**
   * When the browser reports a network change (back online, `navigator.connection` change):
   * check the signaling socket at once and restart ICE on every connection, instead of
   * waiting seconds for the old paths to time out. Default true.
   */
  readonly restartOnNetworkChange?: boolean;
  /**
   * After a network change, the signaling socket must answer a ping within this long or it
   * is replaced (a resume keeps the id). Default 1000 ms: a false alarm costs one resume.
   */
  readonly networkChangeProbeMs?: number;
  readonly recovery?: Partial<IceRecoveryOptions>;
  readonly signaling?: Partial<Omit<SignalingOptions, 'url' | 'room' | 'name' | 'token'>>;
  /** Injected for tests. */
  readonly createPeerConnection?: (configuration: RTCConfiguration) => RTCPeerConnection;
  /** Injected for tests; default: the page's `window` and `navigator.connection`. */
  readonly networkSources?: NetworkEventSources;
}

/** One other member of the meeting, as this client sees it. */
export interface Participant {
  readonly id: string;
  readonly name: string;
  readonly peer: Peer;
  /** What the participant says it sends (over the data channel); null until it tells us. */
  readonly media: MediaState | null;
}

export interface MeshEvents {
  state: [MeshState];
  /** Joined (or, after a failed resume, joined again under a new id). */
  joined: [PeerInfo];
  'participant-joined': [Participant];
  'participant-left': [string];
  /** A new `Peer` for a participant (first, or rebuilt after failure): hook raw events here. */
  'peer-created': [Participant];
  'peer-state': [string, PeerState];
  track: [string, RemoteTrack];
  'track-ended': [string, RemoteTrack];
  'media-state': [string, MediaState];
  message: [string, AppMessage];
  error: [ConfabError];
  closed: [ConfabError | null];
}
