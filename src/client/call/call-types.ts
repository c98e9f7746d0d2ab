import type { PeerInfo, RoomModeReason, RoomPath } from '../../protocol/index.js';
import type { AppMessage, CustomMessage, MediaState } from '../app-messages.js';
import type { ConnectionStats } from '../connection-stats.js';
import type { ConfabError } from '../errors.js';
import type { IceRecoveryOptions } from '../ice-recovery.js';
import type { NetworkEventSources } from '../network-watch.js';
import type { TrackSource } from '../peer-types.js';
import type { Preconnection } from '../preconnection.js';
import type { SignalingOptions } from '../signaling-types.js';

/** Why the path changed: the server's reason, or `resumed` (it changed while we were away). */
export type PathChangeReason = RoomModeReason | 'resumed';

/** idle → joining → joined ⇄ reconnecting (signaling only; media keeps flowing) → closed. */
export type CallState = 'idle' | 'joining' | 'joined' | 'reconnecting' | 'closed';

/**
 * Our connection to one participant, whichever way media travels:
 * connecting · connected · reconnecting (recovering by itself) · failed (it could not be
 * made; `CallParticipant.failure` says why; the call keeps trying) · unsupported (their
 * browser, or ours, cannot do video calls: nobody waits for it) · closed.
 */
export type ConnectionState =
  'connecting' | 'connected' | 'reconnecting' | 'failed' | 'unsupported' | 'closed';

/** Why a connection is `failed`. */
export type ConnectionFailure =
  /** ICE restarts did not bring it back, or it never connected (see `ice-recovery.ts`). */
  | 'ice-failed'
  /** It did not reach `connected` within `connectTimeoutMs`. */
  | 'connect-timeout'
  /** This browser could not create an RTCPeerConnection for it. */
  | 'no-peer-connection'
  /** Their browser could not create an RTCPeerConnection for us (they told us). */
  | 'remote-no-peer-connection';

/** One other member of the call, as this client sees it. */
export interface CallParticipant {
  readonly id: string;
  readonly name: string;
  /** What the participant says it sends; null until it tells us. */
  readonly media: MediaState | null;
  readonly connection: ConnectionState;
  /** Why `connection` is `failed`; null otherwise. */
  readonly failure: ConnectionFailure | null;
  /** False when the participant joined without WebRTC support. */
  readonly webrtc: boolean;
}

/** A remote track as the app shows it. */
export interface CallTrack {
  readonly track: MediaStreamTrack;
  readonly source: TrackSource;
}

/** How the app shows a participant's video (SFU: decides the simulcast layer received). */
export interface TileView {
  readonly width: number;
  readonly height: number;
  /** On screen (in the viewport, page visible). False pauses the feed in SFU mode. */
  readonly visible: boolean;
  /** Shown large (active speaker, pinned). */
  readonly spotlight: boolean;
}

/** What the connection carrying one participant uses right now. */
export interface CallConnectionStats extends ConnectionStats {
  /** Which way this participant's media reaches us. */
  readonly path: RoomPath;
  /**
   * Incoming bits per second from this participant since the previous `connectionStats`
   * call for it; null on the first call or after the path changed.
   */
  readonly bitrate: number | null;
}

export interface CallOptions {
  readonly room: string;
  readonly name: string;
  /** Room token for servers started with `--auth-secret`. */
  readonly token?: string;
  /** The room's passcode, when it has one; a join that opens the room sets it. */
  readonly passcode?: string;
  /** The confab server (`https://meet.example.org`); default: the page's origin. */
  readonly server?: string;
  /** Other nodes of the same deployment, tried in turn when `server` cannot be reached. */
  readonly fallbackServers?: readonly string[];
  /**
   * The signaling connection a pre-join page opened ahead (`new Preconnection()`): the join
   * goes out on it if it is still open, else the call opens its own. The call owns it now.
   */
  readonly preconnection?: Preconnection;
  /** Initial local media; change it later with `setTrack` / `startScreenShare`. */
  readonly audio?: MediaStreamTrack | null;
  readonly video?: MediaStreamTrack | null;
  /** `relay` forces every connection through TURN (hides IP addresses; for testing TURN). */
  readonly iceTransportPolicy?: RTCIceTransportPolicy;
  /** Leave the room when the page is hidden for good (tab closed, navigated away). Default true. */
  readonly leaveOnPageHide?: boolean;
  /** How long the polite side waits for the other side to rebuild a failed connection (5 s). */
  readonly rebuildDelayMs?: number;
  /** A peer-to-peer connection not connected after this long is `failed` (30 s). */
  readonly connectTimeoutMs?: number;
  /**
   * Make before break: how long a participant's old path is kept once its media arrived on
   * the new one (or it told us it receives ours), waiting for the other half (15 s).
   */
  readonly switchTimeoutMs?: number;
  /** How long `setView` changes are gathered into one `sfu-layers` message (300 ms). */
  readonly layerDebounceMs?: number;
  /** Mesh: scale camera senders down as the meeting grows (video-quality.ts). Default true. */
  readonly adaptVideoQuality?: boolean;
  /** On a browser network change: check signaling, restart ICE everywhere at once. Default true. */
  readonly restartOnNetworkChange?: boolean;
  /** After a network change, the signaling socket must answer a ping this fast (1000 ms). */
  readonly networkChangeProbeMs?: number;
  readonly recovery?: Partial<IceRecoveryOptions>;
  /**
   * Report call quality to the server (selected pair, RTT, loss, frame rate, freezes, set-up
   * time and failures per connection; no ids or names) for its metrics. Default true.
   */
  readonly telemetry?: boolean;
  /** How often telemetry is sent (10 s; the server takes at most one per 5 s by default). */
  readonly telemetryIntervalMs?: number;
  readonly signaling?: Partial<
    Omit<SignalingOptions, 'url' | 'room' | 'name' | 'token' | 'passcode' | 'adoptSocket'>
  >;
  /** Injected for tests; default `new RTCPeerConnection(configuration)`. */
  readonly createPeerConnection?: (configuration: RTCConfiguration) => RTCPeerConnection;
  /** Injected for tests; default: the page's `window` and `navigator.connection`. */
  readonly networkSources?: NetworkEventSources;
  /** Injected for tests; default: whether this browser has RTCPeerConnection. */
  readonly webrtc?: boolean;
}

export interface CallEvents {
  state: [CallState];
  /** Joined (or, after a failed resume, joined again under a new id). */
  joined: [PeerInfo];
  /**
   * After `joined`, once: what the join had to send to get media flowing went out (our offer
   * to everyone already here in a mesh; on the SFU our publish offer and, when others are
   * there, our answer to its offer of their media; at once when nobody is there). A page with
   * heavy work to do after a join (drawing the meeting) does it now, so it holds none of that
   * back. Not emitted if something could not be made: wait for it with a time limit.
   */
  'negotiation-sent': [];
  'participant-joined': [CallParticipant];
  'participant-left': [string];
  'connection-state': [string, ConnectionState];
  /** A track to show for a participant (also a replacement when the media path changes). */
  track: [string, CallTrack];
  /** The participant no longer sends this source (screen share ended). */
  'track-ended': [string, CallTrack];
  'media-state': [string, MediaState];
  message: [string, AppMessage];
  /**
   * A message of a type the library does not define: an app's own, or a newer peer's.
   * Only its envelope (`v`, `type`, `id`) is checked; ignore types you do not know.
   */
  'custom-message': [string, CustomMessage];
  /** A participant opened a data channel to us (`openDataChannel`); close it when done. */
  'data-channel': [string, RTCDataChannel];
  /** The room's media path changed (or a new SFU room replaced a lost one). */
  path: [RoomPath, PathChangeReason];
  /** Every participant's media travels on the current path now (after `path`). */
  'path-settled': [RoomPath];
  error: [ConfabError];
  closed: [ConfabError | null];
}
