import type {
  ClientMessageInput,
  ClientSfuAnswerMessage,
  ClientSfuCandidateMessage,
  IceServer,
  Knock,
  PeerInfo,
  RoomControls,
  RoomMode,
  RoomModeReason,
  ServerSfuAnswerMessage,
  ServerSfuCandidateMessage,
  SfuLayersMessage,
  SfuLeaveMessage,
  SfuOfferMessage,
  SfuPublishMessage,
  SignalData,
  WelcomeMessage,
} from '../protocol/index.js';
import type { ConfabError } from './errors.js';
import type { ReconnectPolicy } from './reconnect-policy.js';

/** JSON an app message carries (at most MAX_APP_DATA_BYTES; the server checks). */
export type AppData = Extract<ClientMessageInput, { type: 'app' }>['data'];

/** What a member sends the server's SFU controller (each carries the room's SFU epoch). */
export type SfuClientMessage =
  | SfuPublishMessage
  | ClientSfuAnswerMessage
  | ClientSfuCandidateMessage
  | SfuLayersMessage
  | SfuLeaveMessage;

/**
 * idle → connecting → joined ⇄ reconnecting → closed. `closed` is final.
 */
export type SignalingState = 'idle' | 'connecting' | 'joined' | 'reconnecting' | 'closed';

/** How a `welcome` came about: first join, same id after a drop, or a new id after a failed resume. */
export type JoinKind = 'joined' | 'resumed' | 'rejoined';

export interface SignalingOptions {
  /** WebSocket URL of the server's signaling endpoint, e.g. `wss://meet.example.org/ws`. */
  readonly url: string;
  /**
   * Other nodes of the same deployment (scale-out without a load balancer): connection
   * attempts go through `url` and these in turn; a resume works on any of them.
   */
  readonly fallbackUrls?: readonly string[];
  readonly room: string;
  readonly name: string;
  /** Room token, for servers started with `--auth-secret`. */
  readonly token?: string;
  /** The room's passcode, when it has one (a join that opens the room sets it). */
  readonly passcode?: string;
  /**
   * false: this client cannot create peer connections; it joins with `webrtc: false` so the
   * others show it as such instead of waiting for a connection. Default true.
   */
  readonly webrtc?: boolean;
  /** App-level ping interval (default 5 s). */
  readonly pingIntervalMs?: number;
  /** The connection counts as dead after this long without any frame (default 15 s). */
  readonly deadAfterMs?: number;
  /** How long to wait for `welcome` after sending `join` (default 10 s). */
  readonly joinTimeoutMs?: number;
  /** Outgoing signals kept while reconnecting, sent after a resume (default 512). */
  readonly maxQueuedSignals?: number;
  readonly reconnectPolicy?: ReconnectPolicy;
  /** Injected for tests; defaults to the browser's WebSocket. */
  readonly createWebSocket?: (url: string) => WebSocket;
  /**
   * An already open (or opening) connection to `url` for the first attempt, e.g. a pre-join
   * page's (`Preconnection.take`); null: open one. Asked once.
   */
  readonly adoptSocket?: (url: string) => WebSocket | null;
}

export interface SignalingEvents {
  state: [SignalingState];
  /** Every `welcome`: the first join, a resume (same id) or a rejoin (new id). */
  joined: [WelcomeMessage, JoinKind];
  'peer-joined': [PeerInfo];
  'peer-left': [string];
  signal: [string, SignalData];
  'ice-servers': [IceServer[]];
  /** The room's media mode changed (path or epoch). */
  'room-mode': [RoomMode, RoomModeReason];
  /** An app message another member sent through the server (`data` is not validated yet). */
  app: [from: string, data: unknown];
  'sfu-answer': [ServerSfuAnswerMessage];
  'sfu-offer': [SfuOfferMessage];
  'sfu-candidate': [ServerSfuCandidateMessage];
  /** Instead of `joined`: we wait in the room's lobby until the host admits us. */
  lobby: [];
  /** The room's host, lobby, lock or passcode changed (the host's copy lists who waits). */
  'room-state': [RoomControls];
  /** To the host: someone waits in the lobby. */
  knock: [Knock];
  /** To the host: that person no longer waits. */
  'knock-cancelled': [string];
  /** The host asks us to turn our microphone off. */
  'mute-requested': [by: string];
  /** A non-fatal error answer from the server (e.g. `unknown-peer`). */
  'server-error': [ConfabError];
  /** Final: null when closed on purpose, else why it ended. */
  closed: [ConfabError | null];
}
