import type { SignalData } from '../protocol/index.js';
import type { ConfabError } from './errors.js';
import type { IceRecoveryOptions } from './ice-recovery.js';

/**
 * connecting: negotiating or ICE checking · connected · reconnecting: ICE restart pending
 * or running · failed: restarts did not help (the mesh rebuilds the connection) · closed.
 */
export type PeerState = 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';

/** What a remote track carries, from its transceiver's place in the session. */
export type TrackSource = 'microphone' | 'camera' | 'screen';

export interface RemoteTrack {
  readonly track: MediaStreamTrack;
  readonly streams: readonly MediaStream[];
  readonly source: TrackSource;
  readonly transceiver: RTCRtpTransceiver;
}

/** Local media a peer sends: the main audio/video (swapped with `replaceTrack`) and a screen share. */
export interface LocalTracks {
  readonly audio: MediaStreamTrack | null;
  readonly video: MediaStreamTrack | null;
  /** Stream the main tracks are announced in (msid); one per participant. */
  readonly stream: MediaStream | null;
  readonly screen: { readonly track: MediaStreamTrack; readonly stream: MediaStream } | null;
}

export interface PeerOptions {
  /** The remote member's server-assigned id. */
  readonly remoteId: string;
  /** Perfect negotiation role; both sides derive it from the two ids (see `isPolite`). */
  readonly polite: boolean;
  /** The newcomer offers first; the existing member waits for that offer. */
  readonly initiator: boolean;
  readonly configuration: RTCConfiguration;
  readonly media: LocalTracks;
  /** Fetches fresh ICE servers (new TURN credentials) before each ICE restart. */
  readonly refreshIceServers?: () => Promise<RTCIceServer[]>;
  readonly recovery?: Partial<IceRecoveryOptions>;
  /** Injected for tests; defaults to `new RTCPeerConnection(config)`. */
  readonly createPeerConnection?: (configuration: RTCConfiguration) => RTCPeerConnection;
}

/**
 * Events of one peer connection. Names are kebab-case facts, except the five that mirror
 * an RTCPeerConnection callback one to one and keep its DOM name (`icecandidate`,
 * `signalingstatechange`, `iceconnectionstatechange`, `connectionstatechange`,
 * `negotiationneeded`).
 */
export interface PeerEvents {
  /** Data for the other side: send it through signaling and feed it to its `signal()`. */
  signal: [SignalData];
  icecandidate: [RTCIceCandidate | null];
  signalingstatechange: [RTCSignalingState];
  iceconnectionstatechange: [RTCIceConnectionState];
  connectionstatechange: [RTCPeerConnectionState];
  negotiationneeded: [];
  track: [RemoteTrack];
  /** A remote track stopped (screen share ended, transceiver stopped). */
  'track-ended': [RemoteTrack];
  /** The other side opened a data channel of its own (`datachannel` on the connection). */
  'data-channel': [RTCDataChannel];
  /** The app data channel opened: `send()` works from now on. */
  'channel-open': [];
  /**
   * The other side rebuilt its connection and offered a new session, which this connection
   * cannot join: it is finished. Give the offer to the connection that replaces it.
   */
  'remote-rebuilt': [SignalData];
  /** A text message on the app data channel. */
  message: [string];
  state: [PeerState];
  /** An ICE restart began (attempt number, 0 when forced). */
  restart: [number];
  /** The polite side rolled its own offer back to accept the other's (glare). */
  rollback: [];
  /** A non-fatal problem (a bad candidate, a failed negotiation step). */
  error: [ConfabError];
  closed: [];
}

/** The fixed politeness rule: the side with the greater id is polite; both sides agree. */
export function isPolite(selfId: string, remoteId: string): boolean {
  return selfId > remoteId;
}
