// confab client library: public API. See docs/client.md.
export { Mesh } from './mesh.js';
export type { MeshEvents, MeshOptions, MeshState, Participant } from './mesh-types.js';
export { Peer } from './peer.js';
export { prewarm } from './prewarm.js';
export { isPolite } from './peer-types.js';
export type {
  LocalTracks,
  PeerEvents,
  PeerOptions,
  PeerState,
  RemoteTrack,
  TrackSource,
} from './peer-types.js';
export { SignalingClient } from './signaling-client.js';
export type {
  JoinKind,
  SignalingEvents,
  SignalingOptions,
  SignalingState,
} from './signaling-types.js';
export {
  BackoffReconnectPolicy,
  DEFAULT_MAX_RECONNECT_ATTEMPTS,
  type ReconnectPolicy,
} from './reconnect-policy.js';
export { DEFAULT_ICE_RECOVERY, type IceRecoveryOptions } from './ice-recovery.js';
export { ConfabError, type ConfabErrorCode } from './errors.js';
export { TypedEmitter, type EventMap, type Listener } from './emitter.js';
export {
  decodeAppMessage,
  MAX_CHAT_CHARS,
  type AppMessage,
  type ChatMessage,
  type MediaState,
} from './app-messages.js';
export { signalingUrl } from './server-url.js';
export type { IceServer, PeerInfo, SignalData } from '../protocol/index.js';
export {
  videoQualityFor,
  encodingFor,
  VIDEO_QUALITY_STEPS,
  type VideoQuality,
} from './video-quality.js';
export {
  readConnectionStats,
  incomingBitrate,
  type ConnectionStats,
  type CandidateType,
  type TransportProtocol,
} from './connection-stats.js';
