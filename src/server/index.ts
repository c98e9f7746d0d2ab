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
export { mintRoomToken, verifyRoomToken } from './auth.js';
export { LocalHub } from './local-hub.js';
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
