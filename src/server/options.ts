import { MIN_SFU_SECRET_CHARS } from './sfu/janus-secrets.js';
import { availableParallelism, totalmem } from 'node:os';
import { MAX_LOBBY_WAITING } from '../protocol/index.js';
import { MIN_AUTH_SECRET_BYTES } from './auth.js';
import { MIN_WEBHOOK_SECRET_BYTES } from './webhooks/signature.js';

/**
 * Every limit and timeout of the signaling server, with its default. Each one has a flag
 * and environment variable of `confab serve` (src/cli/serve-flags.ts, checked to be
 * complete by the compiler); docs/server.md lists them and explains when to change them,
 * docs/security.md why the defaults are what they are.
 */
export interface ServerOptions {
  /** Interface to bind; '' = all interfaces (IPv6 and IPv4 where available). */
  readonly host: string;
  /** TCP port; 0 picks a free one (tests). */
  readonly port: number;
  /** Directory holding the built web app (index.html, assets/); null serves no app. */
  readonly staticDir: string | null;
  /**
   * Members per room; the next join gets `room-full`. Default 8 without an SFU (a mesh
   * degrades past ~6 with video), 50 with one; a value given explicitly always wins.
   */
  readonly roomCapacity: number;
  /**
   * Largest WebSocket frame accepted; a larger one closes the socket with 1009. Default
   * 64 KiB, 160 KiB with an SFU (a subscriber answer of a big room is that large).
   */
  readonly maxFrameBytes: number;
  /** A connection must send `join` within this time or gets `join-timeout`. */
  readonly joinTimeoutMs: number;
  /**
   * After `hello` (a pre-join page), the connection must send `join` within this time
   * instead; it may stay open that long without joining. Default 10 min.
   */
  readonly preJoinTimeoutMs: number;
  /** Token-bucket refill rate per connection (messages per second). */
  readonly rateLimitPerSecond: number;
  /** Token-bucket size: bursts of trickled candidates fit in it. */
  readonly rateLimitBurst: number;
  /** Rejected (rate-limited or malformed) messages tolerated per 10 s before closing with 1008. */
  readonly abuseStrikeLimit: number;
  /** A client whose unsent data passes this many bytes is too slow and is disconnected. */
  readonly maxBufferedBytes: number;
  /**
   * `Origin`s allowed to open the WebSocket. Empty: only pages of this server (the Origin
   * equals the request's own scheme and Host); `*`: any site.
   */
  readonly allowedOrigins: readonly string[];
  /** Refuse upgrades without an `Origin` header (non-browser clients send none). */
  readonly requireOrigin: boolean;
  /**
   * Concurrent connections per client address (IPv6: per /64): WebSockets, and sockets
   * still sending their request headers; 0 = unlimited.
   */
  readonly maxConnectionsPerIp: number;
  /** Concurrent WebSocket connections in total; 0 = unlimited. Default: sized to the machine. */
  readonly maxConnections: number;
  /** Take the client IP from X-Forwarded-For (only behind a trusted reverse proxy). */
  readonly trustProxy: boolean;
  /** With `trustProxy`: proxies in front of confab; the client IP is that many entries from the right. */
  readonly proxyHops: number;
  /** A request (or WebSocket upgrade) must have sent all its headers within this time. */
  readonly headersTimeoutMs: number;
  /** A whole HTTP request must have arrived within this time. */
  readonly requestTimeoutMs: number;
  /** WebSocket ping interval; a connection that misses two pongs is terminated. */
  readonly heartbeatIntervalMs: number;
  /** How long an unexpectedly dropped member's slot is kept for `resume`. */
  readonly resumeGraceMs: number;
  /** Signals buffered for an absent member; beyond it the oldest go first. */
  readonly resumeBufferMessages: number;
  /** Bytes buffered for one absent member; beyond it the oldest signals go first. */
  readonly resumeBufferBytes: number;
  /** Bytes buffered for all absent members of one room together. */
  readonly resumeBufferBytesPerRoom: number;
  /** Bytes buffered for all absent members from one client address together. */
  readonly resumeBufferBytesPerIp: number;
  /**
   * Members of one room whose connection dropped (resumable slots) at a time; one more
   * drop ends the oldest such slot, so dropped slots cannot keep a room full.
   */
  readonly maxDroppedPerRoom: number;
  /** Dropped (resumable) slots of one client address at a time, over all rooms. */
  readonly maxDroppedPerIp: number;
  /** TURN URLs handed to clients with minted credentials (needs `turnSecret`). */
  readonly turnUrls: readonly string[];
  /** Shared secret with coturn's `static-auth-secret`; never sent to clients or logged. */
  readonly turnSecret: string | null;
  /** Lifetime of minted TURN credentials; clients get fresh ones before expiry. */
  readonly turnTtlSeconds: number;
  /** STUN URLs handed to clients as they are. */
  readonly stunUrls: readonly string[];
  /** HS256 secret for room tokens (at least 32 bytes); when set, every join needs a valid `token`. */
  readonly authSecret: string | null;
  /** `iss` room tokens must carry (deployments sharing a secret use different values). */
  readonly authIssuer: string;
  /** `aud` room tokens must carry. */
  readonly authAudience: string;
  /**
   * Requests per minute per client address to the connection doctor's endpoints
   * (`/api/doctor-token`, `/api/ice-servers`), which mint TURN credentials.
   */
  readonly doctorRateLimit: number;
  /** People who may wait in one room's lobby at a time; one more is refused (`room-full`). */
  readonly lobbyCapacity: number;
  /** Wrong room passcodes a minute from one client address (IPv6: /64) before tries are refused. */
  readonly passcodeTriesPerIp: number;
  /** Wrong passcodes a minute for one room, from anywhere, before tries are refused. */
  readonly passcodeTriesPerRoom: number;
  /** Bearer token for `/metrics`; null: `/metrics` answers loopback clients only. */
  readonly metricsToken: string | null;
  /** After SIGTERM, sockets still open after this long are cut and the process exits. */
  readonly drainTimeoutMs: number;
  /** PEM certificate and key paths: serve https/wss instead of http/ws. */
  readonly tlsCertFile: string | null;
  readonly tlsKeyFile: string | null;
  /** pino level: fatal, error, warn, info, debug, trace, silent. */
  readonly logLevel: string;
  /**
   * Share rooms with other nodes through this Redis (`redis://` or `rediss://` URL, may hold a
   * password: never logged); null runs single-process with everything in memory.
   */
  readonly redisUrl: string | null;
  /**
   * With Redis: a node that stops renewing its members for this long (crashed, cut off) loses
   * them; they become absent and get the resume grace period from then on.
   */
  readonly redisLeaseMs: number;
  /**
   * Janus instances (WebSocket API URLs, `ws://` or `wss://`) rooms may move to when they
   * outgrow the mesh; every instance is configured from `sfuSecret` (`confab sfu`).
   */
  readonly sfuUrls: readonly string[];
  /** The SFU secret of `sfuUrls` (Janus's secrets are derived from it); never logged. */
  readonly sfuSecret: string | null;
  /** Start a local Janus child process (VideoRoom, loopback API) and use it as the SFU. */
  readonly withSfu: boolean;
  /** A room is a mesh up to this many members; one more moves it to the SFU. */
  readonly meshMax: number;
  /** A room on the SFU that has shrunk to `meshMax` - 1 or fewer for this long goes back to mesh. */
  readonly sfuHoldMs: number;
  /** Never move rooms to the SFU (media never passes the server). */
  readonly meshOnly: boolean;
  /** Capacity of a room that cannot leave the mesh (pinned, mesh-only, or no healthy SFU). */
  readonly meshCapacity: number;
  /**
   * A node that started moving a room to the SFU and has not finished after this long
   * (it died or hangs) is taken over by another node; the room stays a mesh meanwhile.
   */
  readonly sfuSwitchTimeoutMs: number;
  /**
   * Origins (`scheme://host[:port]`) whose pages may embed the app in an iframe
   * (`/lib/embed.js`): the app page's CSP `frame-ancestors` lists them. Empty: no framing.
   */
  readonly embedOrigins: readonly string[];
  /** URLs that receive room events as signed JSON POSTs (docs/webhooks.md). */
  readonly webhookUrls: readonly string[];
  /** HMAC-SHA256 key of webhook signatures (at least 32 bytes); needed with `webhookUrls`. */
  readonly webhookSecret: string | null;
  /** Leave display names out of webhook events (names are personal data). */
  readonly webhookOmitNames: boolean;
  /** One webhook request must be answered within this time, else it is retried. */
  readonly webhookTimeoutMs: number;
  /** Requests per webhook event before it is given up (retries back off 1 s, 2 s, 4 s, ...). */
  readonly webhookAttempts: number;
  /** Events waiting per webhook URL; beyond it the oldest waiting one is dropped. */
  readonly webhookQueueSize: number;
  /** Bearer token for the admin page and API (at least 32 characters); null: no admin page. */
  readonly adminToken: string | null;
  /** A connection may report call quality (telemetry) at most once per this many ms. */
  readonly telemetryIntervalMs: number;
}

export const DEFAULT_SERVER_OPTIONS: ServerOptions = {
  host: '',
  port: 8080,
  staticDir: null,
  roomCapacity: 8,
  maxFrameBytes: 64 * 1024,
  joinTimeoutMs: 10_000,
  preJoinTimeoutMs: 10 * 60_000,
  rateLimitPerSecond: 50,
  rateLimitBurst: 200,
  abuseStrikeLimit: 100,
  maxBufferedBytes: 1024 * 1024,
  allowedOrigins: [],
  requireOrigin: false,
  maxConnectionsPerIp: 20,
  maxConnections: machineConnectionBudget(),
  trustProxy: false,
  proxyHops: 1,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  heartbeatIntervalMs: 10_000,
  resumeGraceMs: 30_000,
  resumeBufferMessages: 256,
  resumeBufferBytes: 256 * 1024,
  resumeBufferBytesPerRoom: 1024 * 1024,
  resumeBufferBytesPerIp: 1024 * 1024,
  maxDroppedPerRoom: 4,
  maxDroppedPerIp: 8,
  turnUrls: [],
  turnSecret: null,
  turnTtlSeconds: 3600,
  stunUrls: [],
  authSecret: null,
  authIssuer: 'confab',
  authAudience: 'confab',
  doctorRateLimit: 10,
  lobbyCapacity: 20,
  passcodeTriesPerIp: 5,
  passcodeTriesPerRoom: 20,
  metricsToken: null,
  drainTimeoutMs: 10_000,
  tlsCertFile: null,
  tlsKeyFile: null,
  logLevel: 'info',
  redisUrl: null,
  redisLeaseMs: 10_000,
  sfuUrls: [],
  sfuSecret: null,
  withSfu: false,
  meshMax: 4,
  sfuHoldMs: 20_000,
  meshOnly: false,
  meshCapacity: 8,
  sfuSwitchTimeoutMs: 10_000,
  embedOrigins: [],
  webhookUrls: [],
  webhookSecret: null,
  webhookOmitNames: false,
  webhookTimeoutMs: 5000,
  webhookAttempts: 5,
  webhookQueueSize: 1000,
  adminToken: null,
  telemetryIntervalMs: 5000,
};

/** `roomCapacity` when it is not given and an SFU is configured. */
export const SFU_ROOM_CAPACITY = 50;
/** `maxFrameBytes` when it is not given and an SFU is configured (MAX_SFU_SDP_BYTES + JSON). */
export const SFU_MAX_FRAME_BYTES = 160 * 1024;

/** Whether rooms may move to an SFU at all (one is configured). */
export function sfuConfigured(options: Pick<ServerOptions, 'sfuUrls' | 'withSfu'>): boolean {
  return options.withSfu || options.sfuUrls.length > 0;
}

/**
 * The default total connection cap: what this machine can hold when every connection costs
 * its worst case. A stalled client may hold up to `maxBufferedBytes` (1 MiB) of unsent data
 * before it is cut, so a quarter of the RAM covers them all at once; and one Node process
 * relays about 75 000 signals/s on one core (bench/results/relay.json), so 2000
 * connections per core leave it more than ten times the headroom meetings need.
 */
export function machineConnectionBudget(
  memoryBytes: number = totalmem(),
  cores: number = availableParallelism(),
): number {
  const byMemory = Math.floor(memoryBytes / 4 / (1024 * 1024));
  return Math.max(100, Math.min(2000 * cores, byMemory));
}

export type OptionName = keyof ServerOptions;

/**
 * How a configuration error calls options and their values: by key for programs that embed
 * the server, by the flag or environment variable the user typed for the CLI.
 */
export interface OptionWording {
  name(option: OptionName): string;
  value(option: OptionName, value: unknown): string;
}

const BY_KEY: OptionWording = {
  name: (option) => option,
  value: (_option, value) => String(value),
};

/** Thrown for options that cannot work together; `code` is stable for programs. */
export class ConfigError extends Error {
  readonly code = 'invalid-config';
  override readonly name = 'ConfigError';
  readonly #render: (wording: OptionWording) => string;

  constructor(render: (wording: OptionWording) => string) {
    super(render(BY_KEY));
    this.#render = render;
  }

  /** The message with options called as `wording` calls them (e.g. by their flags). */
  describe(wording: OptionWording): string {
    return this.#render(wording);
  }
}

const TURN_URL = /^turns?:[^\s]+$/;
const STUN_URL = /^stuns?:[^\s]+$/;
const REDIS_URL = /^rediss?:\/\/[^\s]+$/;

/** Fills defaults and rejects combinations that would fail later at run time. */
export function resolveServerOptions(partial: Partial<ServerOptions> = {}): ServerOptions {
  const merged: ServerOptions = { ...DEFAULT_SERVER_OPTIONS, ...partial };
  const sfu = sfuConfigured(merged);
  const options: ServerOptions = {
    ...merged,
    ...(sfu && partial.roomCapacity === undefined ? { roomCapacity: SFU_ROOM_CAPACITY } : {}),
    ...(sfu && partial.maxFrameBytes === undefined ? { maxFrameBytes: SFU_MAX_FRAME_BYTES } : {}),
  };
  checkPositive(options, [
    'roomCapacity',
    'maxFrameBytes',
    'joinTimeoutMs',
    'preJoinTimeoutMs',
    'rateLimitPerSecond',
    'rateLimitBurst',
    'abuseStrikeLimit',
    'maxBufferedBytes',
    'heartbeatIntervalMs',
    'resumeBufferMessages',
    'resumeBufferBytes',
    'resumeBufferBytesPerRoom',
    'resumeBufferBytesPerIp',
    'maxDroppedPerRoom',
    'maxDroppedPerIp',
    'proxyHops',
    'headersTimeoutMs',
    'requestTimeoutMs',
    'doctorRateLimit',
    'lobbyCapacity',
    'passcodeTriesPerIp',
    'passcodeTriesPerRoom',
    'turnTtlSeconds',
    'drainTimeoutMs',
    'redisLeaseMs',
    'meshMax',
    'meshCapacity',
    'sfuSwitchTimeoutMs',
    'webhookTimeoutMs',
    'webhookAttempts',
    'webhookQueueSize',
    'telemetryIntervalMs',
  ]);
  const { port, resumeGraceMs } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError((w) => `${w.name('port')} must be 0-65535, got ${w.value('port', port)}`);
  }
  if (resumeGraceMs < 0) {
    throw new ConfigError(
      (w) =>
        `${w.name('resumeGraceMs')} must be >= 0, got ${w.value('resumeGraceMs', resumeGraceMs)}`,
    );
  }
  for (const url of options.turnUrls) {
    if (!TURN_URL.test(url))
      throw new ConfigError((w) => `${w.name('turnUrls')}: not a turn: or turns: URL: ${url}`);
  }
  for (const url of options.stunUrls) {
    if (!STUN_URL.test(url))
      throw new ConfigError((w) => `${w.name('stunUrls')}: not a stun: or stuns: URL: ${url}`);
  }
  if (options.turnUrls.length > 0 && !options.turnSecret) {
    throw new ConfigError(
      (w) => `${w.name('turnUrls')} needs ${w.name('turnSecret')} (the coturn static-auth-secret)`,
    );
  }
  if (options.redisUrl !== null && !REDIS_URL.test(options.redisUrl)) {
    throw new ConfigError((w) => `${w.name('redisUrl')} needs a redis:// or rediss:// URL`);
  }
  checkSfu(options);
  checkSecurity(options);
  checkIntegrations(options);
  if ((options.tlsCertFile === null) !== (options.tlsKeyFile === null)) {
    throw new ConfigError(
      (w) => `${w.name('tlsCertFile')} and ${w.name('tlsKeyFile')} must be given together`,
    );
  }
  return options;
}

const SFU_URL = /^wss?:\/\/[^\s]+$/;

function checkSfu(options: ServerOptions): void {
  for (const url of options.sfuUrls) {
    if (!SFU_URL.test(url))
      throw new ConfigError((w) => `${w.name('sfuUrls')}: not a ws:// or wss:// URL: ${url}`);
  }
  if (options.sfuUrls.length > 0 && options.sfuSecret === null) {
    throw new ConfigError(
      (w) => `${w.name('sfuUrls')} needs ${w.name('sfuSecret')} (the secret confab sfu uses)`,
    );
  }
  if (options.sfuSecret !== null && options.sfuSecret.length < MIN_SFU_SECRET_CHARS) {
    throw new ConfigError(
      (w) => `${w.name('sfuSecret')} needs at least ${String(MIN_SFU_SECRET_CHARS)} characters`,
    );
  }
  if (options.withSfu && options.redisUrl !== null) {
    throw new ConfigError(
      (w) =>
        `${w.name('withSfu')} starts a Janus only this node can use; with ${w.name('redisUrl')} ` +
        `give every node the same ${w.name('sfuUrls')} (run confab sfu)`,
    );
  }
  if (!Number.isFinite(options.sfuHoldMs) || options.sfuHoldMs < 0) {
    throw new ConfigError(
      (w) => `${w.name('sfuHoldMs')} must be >= 0, got ${w.value('sfuHoldMs', options.sfuHoldMs)}`,
    );
  }
}

const ORIGIN = /^https?:\/\/[^/\s]+$/;

/** The options that keep the server safe: refused when they could not do their job. */
function checkSecurity(options: ServerOptions): void {
  const { authSecret, headersTimeoutMs, requestTimeoutMs } = options;
  if (authSecret !== null && Buffer.byteLength(authSecret) < MIN_AUTH_SECRET_BYTES) {
    throw new ConfigError(
      (w) =>
        `${w.name('authSecret')} must be at least ${String(MIN_AUTH_SECRET_BYTES)} bytes (e.g. openssl rand -base64 32)`,
    );
  }
  if (options.metricsToken !== null && options.metricsToken.length < 16) {
    throw new ConfigError((w) => `${w.name('metricsToken')} must be at least 16 characters`);
  }
  for (const origin of options.allowedOrigins) {
    if (origin !== '*' && !ORIGIN.test(origin))
      throw new ConfigError(
        (w) => `${w.name('allowedOrigins')}: not an origin (scheme://host[:port], or *): ${origin}`,
      );
  }
  if (!Number.isInteger(options.proxyHops)) {
    throw new ConfigError((w) => `${w.name('proxyHops')} must be a whole number`);
  }
  if (options.lobbyCapacity > MAX_LOBBY_WAITING) {
    throw new ConfigError(
      (w) => `${w.name('lobbyCapacity')} must be at most ${String(MAX_LOBBY_WAITING)}`,
    );
  }
  if (requestTimeoutMs < headersTimeoutMs) {
    throw new ConfigError(
      (w) => `${w.name('requestTimeoutMs')} must not be shorter than ${w.name('headersTimeoutMs')}`,
    );
  }
}

const WEBHOOK_URL = /^https?:\/\/[^\s]+$/;
/** The admin token is a password for every room: as long as the other secrets. */
export const MIN_ADMIN_TOKEN_CHARS = 32;

/** Embedding, webhooks and the admin page: refused when they could not work safely. */
function checkIntegrations(options: ServerOptions): void {
  for (const origin of options.embedOrigins) {
    if (!ORIGIN.test(origin))
      throw new ConfigError(
        (w) => `${w.name('embedOrigins')}: not an origin (scheme://host[:port]): ${origin}`,
      );
  }
  for (const url of options.webhookUrls) {
    if (!WEBHOOK_URL.test(url))
      throw new ConfigError((w) => `${w.name('webhookUrls')}: not an http(s) URL: ${url}`);
  }
  const secret = options.webhookSecret;
  if (options.webhookUrls.length > 0 && secret === null) {
    throw new ConfigError(
      (w) =>
        `${w.name('webhookUrls')} needs ${w.name('webhookSecret')} (receivers check signatures)`,
    );
  }
  if (secret !== null && Buffer.byteLength(secret) < MIN_WEBHOOK_SECRET_BYTES) {
    throw new ConfigError(
      (w) =>
        `${w.name('webhookSecret')} must be at least ${String(MIN_WEBHOOK_SECRET_BYTES)} bytes (e.g. openssl rand -base64 32)`,
    );
  }
  if (!Number.isInteger(options.webhookAttempts)) {
    throw new ConfigError((w) => `${w.name('webhookAttempts')} must be a whole number`);
  }
  if (options.adminToken !== null && options.adminToken.length < MIN_ADMIN_TOKEN_CHARS) {
    throw new ConfigError(
      (w) =>
        `${w.name('adminToken')} must be at least ${String(MIN_ADMIN_TOKEN_CHARS)} characters (e.g. openssl rand -base64 32)`,
    );
  }
  if (options.adminToken !== null && options.adminToken === options.authSecret) {
    throw new ConfigError(
      (w) => `${w.name('adminToken')} must differ from ${w.name('authSecret')}`,
    );
  }
}

type NumericKey = {
  [K in keyof ServerOptions]: ServerOptions[K] extends number ? K : never;
}[keyof ServerOptions];

function checkPositive(options: ServerOptions, keys: readonly NumericKey[]): void {
  for (const key of keys) {
    const value = options[key];
    if (!Number.isFinite(value) || value <= 0) {
      throw new ConfigError(
        (w) => `${w.name(key)} must be a positive number, got ${w.value(key, value)}`,
      );
    }
  }
}
