import { DEFAULT_SERVER_OPTIONS as D } from '../server/index.js';
import { defineFlag, type FlagArgs, type FlagSpec } from './flags.js';

const list = (items: readonly string[]): string => (items.length === 0 ? 'none' : items.join(', '));
const seconds = (ms: number): string => `${String(ms / 1000)} s`;

/**
 * Flags of `confab serve`. Durations are given in seconds on the command line.
 * Every flag also reads CONFAB_<NAME> from the environment.
 */
export const SERVE_FLAGS = [
  spec('port', 'port', 'number', 'TCP port to listen on', String(D.port), '<port>', ['PORT']),
  spec('host', 'host', 'string', 'interface to bind', 'all interfaces', '<address>', ['HOST']),
  spec('static-dir', 'staticDir', 'string', 'directory of the built web app', 'dist/web', '<dir>'),
  spec(
    'room-capacity',
    'roomCapacity',
    'number',
    'members per room',
    String(D.roomCapacity),
    '<n>',
  ),
  spec(
    'max-frame-bytes',
    'maxFrameBytes',
    'number',
    'largest WebSocket frame (larger: close 1009)',
    String(D.maxFrameBytes),
    '<bytes>',
  ),
  spec(
    'join-timeout',
    'joinTimeoutMs',
    'number',
    'seconds a connection has to send join',
    seconds(D.joinTimeoutMs),
    '<s>',
  ),
  spec(
    'rate-limit',
    'rateLimitPerSecond',
    'number',
    'messages per second per connection',
    String(D.rateLimitPerSecond),
    '<n>',
  ),
  spec(
    'rate-burst',
    'rateLimitBurst',
    'number',
    'burst size of the per-connection rate limit',
    String(D.rateLimitBurst),
    '<n>',
  ),
  spec(
    'abuse-strikes',
    'abuseStrikeLimit',
    'number',
    'rejected messages per 10 s before closing with 1008',
    String(D.abuseStrikeLimit),
    '<n>',
  ),
  spec(
    'max-buffered-bytes',
    'maxBufferedBytes',
    'number',
    'unsent bytes after which a slow client is dropped',
    String(D.maxBufferedBytes),
    '<bytes>',
  ),
  spec(
    'allowed-origin',
    'allowedOrigins',
    'list',
    'allowed Origin for WebSocket upgrades (repeatable)',
    'any',
    '<origin>',
  ),
  spec(
    'max-connections-per-ip',
    'maxConnectionsPerIp',
    'number',
    'concurrent connections per client IP (0 = unlimited)',
    String(D.maxConnectionsPerIp),
    '<n>',
  ),
  spec(
    'max-connections',
    'maxConnections',
    'number',
    'concurrent connections in total (0 = unlimited)',
    String(D.maxConnections),
    '<n>',
  ),
  spec(
    'trust-proxy',
    'trustProxy',
    'boolean',
    'take client IPs from X-Forwarded-For',
    String(D.trustProxy),
  ),
  spec(
    'heartbeat-interval',
    'heartbeatIntervalMs',
    'number',
    'seconds between WebSocket pings (two missed: disconnect)',
    seconds(D.heartbeatIntervalMs),
    '<s>',
  ),
  spec(
    'resume-grace',
    'resumeGraceMs',
    'number',
    'seconds a dropped member can resume its slot',
    seconds(D.resumeGraceMs),
    '<s>',
  ),
  spec(
    'resume-buffer',
    'resumeBufferMessages',
    'number',
    'signals buffered for a dropped member',
    String(D.resumeBufferMessages),
    '<n>',
  ),
  spec(
    'turn-url',
    'turnUrls',
    'list',
    'TURN URL handed out with minted credentials (repeatable)',
    list(D.turnUrls),
    '<url>',
  ),
  spec(
    'turn-secret',
    'turnSecret',
    'string',
    'coturn static-auth-secret (prefer the env var)',
    'none',
    '<secret>',
  ),
  spec(
    'turn-secret-file',
    'turnSecretFile',
    'string',
    'file holding the coturn static-auth-secret',
    'none',
    '<path>',
  ),
  spec(
    'turn-ttl',
    'turnTtlSeconds',
    'number',
    'lifetime of minted TURN credentials in seconds',
    `${String(D.turnTtlSeconds)} s`,
    '<s>',
  ),
  spec(
    'with-turn',
    'withTurn',
    'boolean',
    'also start a local coturn (confab turn) and use it: one-command local setup',
    'false',
  ),
  spec(
    'stun-url',
    'stunUrls',
    'list',
    'STUN URL handed to clients (repeatable)',
    list(D.stunUrls),
    '<url>',
  ),
  spec(
    'auth-secret',
    'authSecret',
    'string',
    'HS256 secret: joins need a room token (prefer the env var)',
    'none (open rooms)',
    '<secret>',
  ),
  spec(
    'drain-timeout',
    'drainTimeoutMs',
    'number',
    'seconds to wait for sockets after SIGTERM',
    seconds(D.drainTimeoutMs),
    '<s>',
  ),
  spec('tls-cert', 'tlsCertFile', 'string', 'PEM certificate: serve https/wss', 'none', '<path>'),
  spec('tls-key', 'tlsKeyFile', 'string', 'PEM private key for --tls-cert', 'none', '<path>'),
  spec(
    'redis',
    'redisUrl',
    'string',
    'share rooms with other nodes through Redis (prefer the env var if it holds a password)',
    'none (single process)',
    '<url>',
    ['CONFAB_REDIS_URL'],
  ),
  spec(
    'redis-lease',
    'redisLeaseMs',
    'number',
    'seconds after which a silent node loses its members to the resume grace',
    seconds(D.redisLeaseMs),
    '<s>',
  ),
  spec(
    'log-level',
    'logLevel',
    'string',
    'fatal, error, warn, info, debug, trace or silent',
    D.logLevel,
    '<level>',
  ),
] as const satisfies readonly FlagSpec[];

/** Flags whose command-line value is in seconds but whose option is in milliseconds. */
export const SECONDS_TO_MS = new Set([
  'joinTimeoutMs',
  'heartbeatIntervalMs',
  'resumeGraceMs',
  'drainTimeoutMs',
  'redisLeaseMs',
]);

/** A `confab serve` flag; its environment variable is `CONFAB_<NAME>`. */
function spec(...args: FlagArgs): FlagSpec {
  return defineFlag('CONFAB_', ...args);
}
