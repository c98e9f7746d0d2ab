// confab client library: its public API, what an app needs (docs/client.md). Everything
// else is internal and may change; the library's own tests and benchmarks import it by path.
import './csp-safe.js';

// The meeting.
export { Mesh } from './mesh.js';
export type { MeshEvents, MeshOptions, MeshState, Participant } from './mesh-types.js';
export { prewarm } from './prewarm.js';
export type { IceServer, PeerInfo } from '../protocol/index.js';

// One participant's connection (`Participant.peer`, `peer-created`).
export type { PeerEvents, PeerState, RemoteTrack, TrackSource } from './peer-types.js';

// Signaling (`Mesh.signaling`, `MeshOptions.signaling`) and recovery options.
export type { SignalingClient } from './signaling-client.js';
export type {
  JoinKind,
  SignalingEvents,
  SignalingOptions,
  SignalingState,
} from './signaling-types.js';
export { BackoffReconnectPolicy, type ReconnectPolicy } from './reconnect-policy.js';
export type { IceRecoveryOptions } from './ice-recovery.js';

// Errors: one class, a stable `code`.
export { ConfabError, type ConfabErrorCode } from './errors.js';

// App messages over the data channels.
export {
  MAX_CHAT_CHARS,
  type AppMessage,
  type ChatMessage,
  type MediaState,
} from './app-messages.js';

// What a connection uses right now (for badges and diagnostics).
export {
  readConnectionStats,
  incomingBitrate,
  type ConnectionStats,
  type CandidateType,
  type TransportProtocol,
} from './connection-stats.js';
