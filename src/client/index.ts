// confab client library: its public API, what an app needs (docs/client.md). Everything
// else is internal and may change; the library's own tests and benchmarks import it by path.
import './csp-safe.js';

// The call: mesh or SFU behind one object.
export { Call } from './call/call.js';
export type {
  CallConnectionStats,
  CallEvents,
  CallOptions,
  CallParticipant,
  CallState,
  CallTrack,
  ConnectionFailure,
  ConnectionState,
  PathChangeReason,
  TileView,
} from './call/call-types.js';
export type { CallRoom, CallRoomEvents } from './call/call-room.js';
export type { Knock, RoomControls } from '../protocol/index.js';
export { prewarm } from './prewarm.js';
export { Preconnection, type PreconnectionOptions } from './preconnection.js';
export type { IceServer, MediaSource, PeerInfo, RoomPath, VideoSource } from '../protocol/index.js';
export type { TrackSource } from './peer-types.js';

// Signaling and recovery options (`CallOptions.signaling`, `CallOptions.recovery`).
export type { SignalingOptions } from './signaling-types.js';
export { BackoffReconnectPolicy, type ReconnectPolicy } from './reconnect-policy.js';
export type { IceRecoveryOptions } from './ice-recovery.js';

// Errors: one class, a stable `code`.
export { ConfabError, type ConfabErrorCode } from './errors.js';

// App messages (data channels in a mesh, the server's relay otherwise).
export {
  MAX_CHAT_CHARS,
  P2P_VERSION,
  type AppMessage,
  type ChatMessage,
  type CustomMessage,
  type JsonValue,
  type MediaState,
} from './app-messages.js';

// What a connection uses (`call.connectionStats`).
export type { ConnectionStats, CandidateType, TransportProtocol } from './connection-stats.js';
