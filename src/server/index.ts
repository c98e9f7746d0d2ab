// Public entry of the signaling server, for the CLI and for embedding in other Node apps.
export { ConfabServer, SIGNALING_PATH, type ConfabServerDeps, type ServerState } from './server.js';
export {
  DEFAULT_SERVER_OPTIONS,
  ConfigError,
  resolveServerOptions,
  type OptionName,
  type OptionWording,
  type ServerOptions,
} from './options.js';
export { mintTurnCredentials, type TurnCredentials } from './turn-credentials.js';
export {
  DEFAULT_TOKEN_SCOPE,
  MIN_AUTH_SECRET_BYTES,
  WeakSecretError,
  mintRoomToken,
  verifyRoomToken,
  type TokenScope,
} from './auth.js';
export { LocalHub } from './local-hub.js';
// Integrations (issue 18): webhook signatures for receivers, room events, call quality.
export {
  SIGNATURE_HEADER,
  REPLAY_WINDOW_SECONDS,
  signWebhook,
  verifyWebhook,
  type SignatureCheck,
} from './webhooks/signature.js';
export type { WebhookPayload } from './webhooks/webhooks.js';
export type * from './room-events.js';
export { RedisHub, type RedisHubOptions } from './redis/redis-hub.js';
export type * from './hub.js';
export { createLogger, type Logger } from './logger.js';
export {
  startCoturnProcess,
  CoturnError,
  INSTALL_HINT,
  type CoturnProcess,
  type StartCoturnInput,
} from './coturn/coturn-process.js';
export { machineIPv4 } from './coturn/machine-address.js';
export { runRelaySelfTest, type RelayTestResult } from './turn/relay-self-test.js';
// Janus VideoRoom SFU foundation (issue 13): process, client, VideoRoom API, load.
export {
  startJanusProcess,
  DEFAULT_SESSION_TIMEOUT_SECONDS,
  type JanusProcess,
  type StartJanusInput,
} from './sfu/janus-process.js';
export {
  renderJanusConfig,
  JanusConfigError,
  JANUS_MODULES,
  type JanusConfig,
} from './sfu/janus-config.js';
export { JANUS_INSTALL_HINT, findJanusInstall } from './sfu/janus-install.js';
export {
  deriveJanusSecrets,
  randomSfuSecret,
  SfuSecretError,
  MIN_SFU_SECRET_CHARS,
  type JanusSecrets,
} from './sfu/janus-secrets.js';
export {
  JanusClientError,
  JanusError,
  JANUS_CORE_ERROR,
  VIDEOROOM_ERROR,
  type JanusClientErrorCode,
  type JanusErrorCode,
} from './sfu/janus-errors.js';
export {
  JanusClient,
  DEFAULT_JANUS_CLIENT_OPTIONS,
  type JanusClientOptions,
  type JanusClientEvents,
  type JanusHealth,
} from './sfu/janus-client.js';
export { JanusHandle, type HandleKind, type IceCandidateInit } from './sfu/janus-handle.js';
export type { Jsep, TrickleCandidate } from './sfu/janus-wire.js';
export { probeJanus } from './sfu/janus-socket.js';
export { VideoRoomAdmin, DEFAULT_ROOM_OPTIONS, type RoomOptions } from './sfu/videoroom-admin.js';
export {
  joinAsPublisher,
  VideoRoomPublisher,
  type PublisherIdentity,
  type JoinedRoom,
} from './sfu/videoroom-publisher.js';
export {
  joinAsSubscriber,
  VideoRoomSubscriber,
  type StreamRequest,
  type StreamRemoval,
  type StreamSetting,
  type SubscriptionUpdate,
} from './sfu/videoroom-subscriber.js';
export { VIDEOROOM_PLUGIN, type VideoRoomHandleEvents } from './sfu/videoroom-handle.js';
export type {
  VideoRoomEvent,
  PublisherInfo,
  ParticipantInfo,
  RoomInfo,
  SubscriberStream,
} from './sfu/videoroom-wire.js';
export {
  clientLoad,
  measureRoomCensus,
  pickLeastLoaded,
  type JanusLoad,
  type RoomCensus,
} from './sfu/janus-load.js';
