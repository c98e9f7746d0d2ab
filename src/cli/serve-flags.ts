import { DEFAULT_SERVER_OPTIONS, type ServerOptions } from '../server/index.js';
import { envName, type FlagKind, type FlagSpec, type ParsedFlags } from './flags.js';

/** How one server option is set from the command line and the environment. */
export interface OptionFlag<T> {
  readonly name: string;
  readonly kind: FlagKind;
  readonly help: string;
  readonly placeholder?: string;
  /** Read when the flag is absent, first match wins; `CONFAB_<NAME>` is always last. */
  readonly env: readonly string[];
  /** `seconds`: the flag takes seconds, the option holds milliseconds. */
  readonly unit: 'seconds' | null;
  /** What --help shows as the default when the option's own default needs words. */
  readonly defaultText: string | null;
  /** The option's value from the flags given; undefined when the flag was not given. */
  read(flags: ParsedFlags): T | undefined;
  /** The option's default value as --help shows it. */
  show(value: T): string;
}

/** One flag per server option: a new option does not compile until it has its flag. */
export type OptionFlags = { readonly [K in keyof ServerOptions]: OptionFlag<ServerOptions[K]> };

interface Described {
  readonly help: string;
  readonly placeholder?: string;
  /** Read before `CONFAB_<NAME>` (e.g. `PORT`). */
  readonly env?: readonly string[];
  readonly defaultText?: string;
}

function described(name: string, kind: FlagKind, unit: 'seconds' | null, d: Described) {
  return {
    name,
    kind,
    unit,
    help: d.help,
    env: [...(d.env ?? []), envName('CONFAB_', name)],
    defaultText: d.defaultText ?? null,
    ...(d.placeholder === undefined ? {} : { placeholder: d.placeholder }),
  };
}

const count = (name: string, d: Described, suffix = ''): OptionFlag<number> => ({
  ...described(name, 'number', null, d),
  read: (flags) => flags.number(name),
  show: (value) => `${String(value)}${suffix}`,
});

const seconds = (name: string, d: Described): OptionFlag<number> => ({
  ...described(name, 'number', 'seconds', { placeholder: '<s>', ...d }),
  read: (flags) => {
    const value = flags.number(name);
    return value === undefined ? undefined : value * 1000;
  },
  show: (ms) => `${String(ms / 1000)} s`,
});

const text = (name: string, d: Described): OptionFlag<string> => ({
  ...described(name, 'string', null, d),
  read: (flags) => flags.string(name),
  show: (value) => value,
});

const optionalText = (name: string, d: Described): OptionFlag<string | null> => ({
  ...described(name, 'string', null, d),
  read: (flags) => flags.string(name),
  show: (value) => value ?? 'none',
});

const list = (name: string, d: Described): OptionFlag<readonly string[]> => ({
  ...described(name, 'list', null, d),
  read: (flags) => flags.list(name),
  show: (value) => (value.length === 0 ? 'none' : value.join(', ')),
});

const toggle = (name: string, d: Described): OptionFlag<boolean> => ({
  ...described(name, 'boolean', null, d),
  read: (flags) => flags.boolean(name),
  show: (value) => String(value),
});

/** The flags of `confab serve` that set server options, in --help order. */
export const OPTION_FLAGS: OptionFlags = {
  port: count('port', { help: 'TCP port to listen on', placeholder: '<port>', env: ['PORT'] }),
  host: text('host', {
    help: 'interface to bind',
    placeholder: '<address>',
    env: ['HOST'],
    defaultText: 'all interfaces',
  }),
  staticDir: optionalText('static-dir', {
    help: 'directory of the built web app',
    placeholder: '<dir>',
    defaultText: 'dist/web',
  }),
  roomCapacity: count('room-capacity', {
    help: 'members per room',
    placeholder: '<n>',
    defaultText: '8 (50 with an SFU)',
  }),
  maxFrameBytes: count('max-frame-bytes', {
    help: 'largest WebSocket frame (larger: close 1009)',
    placeholder: '<bytes>',
    defaultText: '65536 (163840 with an SFU)',
  }),
  joinTimeoutMs: seconds('join-timeout', { help: 'seconds a connection has to send join' }),
  preJoinTimeoutMs: seconds('prejoin-timeout', {
    help: 'seconds a connection that said hello (a pre-join page) has to send join',
  }),
  rateLimitPerSecond: count('rate-limit', {
    help: 'messages per second per connection',
    placeholder: '<n>',
  }),
  rateLimitBurst: count('rate-burst', {
    help: 'burst size of the per-connection rate limit',
    placeholder: '<n>',
  }),
  abuseStrikeLimit: count('abuse-strikes', {
    help: 'rejected messages per 10 s before closing with 1008',
    placeholder: '<n>',
  }),
  maxBufferedBytes: count('max-buffered-bytes', {
    help: 'unsent bytes after which a slow client is dropped',
    placeholder: '<bytes>',
  }),
  allowedOrigins: list('allowed-origin', {
    help: 'Origin allowed to open the WebSocket (repeatable; * = any site)',
    placeholder: '<origin>',
    defaultText: "this server's own origin",
  }),
  requireOrigin: toggle('require-origin', {
    help: 'also refuse WebSocket clients that send no Origin (non-browser clients)',
  }),
  maxConnectionsPerIp: count('max-connections-per-ip', {
    help: 'concurrent connections per client address, IPv6 per /64 (0 = unlimited)',
    placeholder: '<n>',
  }),
  maxConnections: count('max-connections', {
    help: 'concurrent WebSocket connections in total (0 = unlimited)',
    placeholder: '<n>',
    defaultText: 'min(2000 × cores, RAM in MiB ÷ 4)',
  }),
  trustProxy: toggle('trust-proxy', {
    help: 'behind a reverse proxy: client IP from X-Forwarded-For, scheme from X-Forwarded-Proto',
  }),
  proxyHops: count('proxy-hops', {
    help: 'with --trust-proxy: proxies in front; the client IP is that many X-Forwarded-For entries from the right',
    placeholder: '<n>',
  }),
  headersTimeoutMs: seconds('headers-timeout', {
    help: 'seconds a request (or WebSocket upgrade) has to send its headers',
  }),
  requestTimeoutMs: seconds('request-timeout', {
    help: 'seconds a whole HTTP request has to arrive',
  }),
  heartbeatIntervalMs: seconds('heartbeat-interval', {
    help: 'seconds between WebSocket pings (two missed: disconnect)',
  }),
  resumeGraceMs: seconds('resume-grace', { help: 'seconds a dropped member can resume its slot' }),
  resumeBufferMessages: count('resume-buffer', {
    help: 'signals buffered for a dropped member (beyond: the oldest go)',
    placeholder: '<n>',
  }),
  resumeBufferBytes: count('resume-buffer-bytes', {
    help: 'bytes buffered for a dropped member (beyond: the oldest go)',
    placeholder: '<bytes>',
  }),
  resumeBufferBytesPerRoom: count('resume-room-bytes', {
    help: "bytes buffered for all of a room's dropped members",
    placeholder: '<bytes>',
  }),
  resumeBufferBytesPerIp: count('resume-ip-bytes', {
    help: "bytes buffered for all of one client address's dropped members",
    placeholder: '<bytes>',
  }),
  maxDroppedPerRoom: count('max-dropped-per-room', {
    help: 'dropped (resumable) slots per room; one more ends the oldest',
    placeholder: '<n>',
  }),
  maxDroppedPerIp: count('max-dropped-per-ip', {
    help: 'dropped (resumable) slots per client address; one more ends the oldest',
    placeholder: '<n>',
  }),
  turnUrls: list('turn-url', {
    help: 'TURN URL handed out with minted credentials (repeatable)',
    placeholder: '<url>',
  }),
  turnSecret: optionalText('turn-secret', {
    help: 'coturn static-auth-secret (prefer the env var)',
    placeholder: '<secret>',
  }),
  turnTtlSeconds: count(
    'turn-ttl',
    { help: 'lifetime of minted TURN credentials in seconds', placeholder: '<s>' },
    ' s',
  ),
  stunUrls: list('stun-url', {
    help: 'STUN URL handed to clients (repeatable)',
    placeholder: '<url>',
  }),
  authSecret: optionalText('auth-secret', {
    help: 'HS256 secret, at least 32 bytes: joins need a room token (prefer the env var)',
    placeholder: '<secret>',
    defaultText: 'none (open rooms)',
  }),
  authIssuer: text('auth-issuer', {
    help: 'iss claim room tokens must carry',
    placeholder: '<name>',
  }),
  authAudience: text('auth-audience', {
    help: 'aud claim room tokens must carry',
    placeholder: '<name>',
  }),
  doctorRateLimit: count('doctor-rate-limit', {
    help: 'requests per minute per client address to /api/doctor-token and /api/ice-servers',
    placeholder: '<n>',
  }),
  lobbyCapacity: count('lobby-capacity', {
    help: "people who may wait in one room's lobby at a time (at most 100)",
    placeholder: '<n>',
  }),
  passcodeTriesPerIp: count('passcode-tries-per-ip', {
    help: 'wrong room passcodes a minute from one client address before tries are refused',
    placeholder: '<n>',
  }),
  passcodeTriesPerRoom: count('passcode-tries-per-room', {
    help: 'wrong passcodes a minute for one room before tries are refused',
    placeholder: '<n>',
  }),
  metricsToken: optionalText('metrics-token', {
    help: 'bearer token for /metrics, at least 16 characters (prefer the env var)',
    placeholder: '<token>',
    defaultText: 'none (/metrics for loopback clients only)',
  }),
  drainTimeoutMs: seconds('drain-timeout', { help: 'seconds to wait for sockets after SIGTERM' }),
  tlsCertFile: optionalText('tls-cert', {
    help: 'PEM certificate: serve https/wss',
    placeholder: '<path>',
  }),
  tlsKeyFile: optionalText('tls-key', {
    help: 'PEM private key for --tls-cert',
    placeholder: '<path>',
  }),
  redisUrl: optionalText('redis', {
    help: 'share rooms with other nodes through Redis (prefer the env var if it holds a password)',
    placeholder: '<url>',
    env: ['CONFAB_REDIS_URL'],
    defaultText: 'none (single process)',
  }),
  redisLeaseMs: seconds('redis-lease', {
    help: 'seconds after which a silent node loses its members to the resume grace',
  }),
  sfuUrls: list('sfu-url', {
    help: 'Janus WebSocket API a room moves to when it outgrows the mesh (repeatable)',
    placeholder: '<url>',
  }),
  sfuSecret: optionalText('sfu-secret', {
    help: 'the SFU secret of --sfu-url (confab sfu; prefer the env var or a file)',
    placeholder: '<secret>',
  }),
  withSfu: toggle('with-sfu', {
    help: 'also start a local Janus (VideoRoom, loopback API) and use it as the SFU',
  }),
  meshMax: count('mesh-max', {
    help: 'a room is a mesh up to this many members; one more moves it to the SFU',
    placeholder: '<n>',
  }),
  sfuHoldMs: seconds('sfu-hold', {
    help: 'seconds a room on the SFU must stay below --mesh-max before it goes back to mesh',
  }),
  meshOnly: toggle('mesh-only', {
    help: 'never move rooms to the SFU: media never passes the server',
  }),
  meshCapacity: count('mesh-capacity', {
    help: 'members of a room that cannot leave the mesh (pinned, --mesh-only, no healthy SFU)',
    placeholder: '<n>',
  }),
  sfuSwitchTimeoutMs: seconds('sfu-switch-timeout', {
    help: 'seconds after which an unfinished move to the SFU (its node died) is taken over',
  }),
  embedOrigins: list('embed-origin', {
    help: 'origin whose pages may embed meetings in an iframe (/lib/embed.js; repeatable)',
    placeholder: '<origin>',
    defaultText: 'none (no site may frame the app)',
  }),
  webhookUrls: list('webhook-url', {
    help: 'URL that receives room events as signed JSON POSTs (repeatable)',
    placeholder: '<url>',
  }),
  webhookSecret: optionalText('webhook-secret', {
    help: 'HMAC-SHA256 key of webhook signatures, at least 32 bytes (prefer the env var)',
    placeholder: '<secret>',
  }),
  webhookOmitNames: toggle('webhook-omit-names', {
    help: 'leave display names (personal data) out of webhook events',
  }),
  webhookTimeoutMs: seconds('webhook-timeout', {
    help: 'seconds a webhook receiver has to answer one request',
  }),
  webhookAttempts: count('webhook-attempts', {
    help: 'requests per webhook event before it is given up (backoff 1 s, 2 s, 4 s, ...)',
    placeholder: '<n>',
  }),
  webhookQueueSize: count('webhook-queue', {
    help: 'events waiting per webhook URL; beyond it the oldest is dropped',
    placeholder: '<n>',
  }),
  adminToken: optionalText('admin-token', {
    help: 'bearer token of the admin page /admin, at least 32 characters (prefer the env var)',
    placeholder: '<token>',
    defaultText: 'none (no admin page)',
  }),
  telemetryIntervalMs: seconds('telemetry-interval', {
    help: 'a connection may report call quality at most once per this many seconds',
  }),
  logLevel: text('log-level', {
    help: 'fatal, error, warn, info, debug, trace or silent',
    placeholder: '<level>',
  }),
};

/** Flags of `confab serve` that are not server options, and the option they follow in --help. */
export const CLI_FLAGS = {
  turnSecretFile: {
    after: 'turnSecret',
    spec: {
      name: 'turn-secret-file',
      kind: 'string',
      help: 'file holding the coturn static-auth-secret',
      defaultText: 'none',
      placeholder: '<path>',
      env: [envName('CONFAB_', 'turn-secret-file')],
    },
  },
  sfuSecretFile: {
    after: 'sfuSecret',
    spec: {
      name: 'sfu-secret-file',
      kind: 'string',
      help: 'file holding the SFU secret (what confab sfu writes)',
      defaultText: 'none',
      placeholder: '<path>',
      env: [envName('CONFAB_', 'sfu-secret-file')],
    },
  },
  withTurn: {
    after: 'turnTtlSeconds',
    spec: {
      name: 'with-turn',
      kind: 'boolean',
      help: 'also start a local coturn (confab turn) and use it: one-command local setup',
      defaultText: 'false',
      env: [envName('CONFAB_', 'with-turn')],
    },
  },
  turnTlsCert: {
    after: 'turnTtlSeconds',
    spec: {
      name: 'turn-tls-cert',
      kind: 'string',
      help: 'with --with-turn: PEM certificate for the TURN host name, adds TURN over TLS (turns:)',
      defaultText: 'the --tls-cert',
      placeholder: '<path>',
      env: [envName('CONFAB_', 'turn-tls-cert')],
    },
  },
  turnTlsKey: {
    after: 'turnTtlSeconds',
    spec: {
      name: 'turn-tls-key',
      kind: 'string',
      help: 'with --with-turn: PEM private key for --turn-tls-cert',
      defaultText: 'the --tls-key',
      placeholder: '<path>',
      env: [envName('CONFAB_', 'turn-tls-key')],
    },
  },
  turnTlsPort: {
    after: 'turnTtlSeconds',
    spec: {
      name: 'turn-tls-port',
      kind: 'number',
      help: 'with --with-turn: TURN over TLS port; 443 gets through networks that allow only HTTPS',
      defaultText: '5349 (a free port if taken)',
      placeholder: '<port>',
      env: [envName('CONFAB_', 'turn-tls-port')],
    },
  },
} as const satisfies Record<string, { after: keyof ServerOptions; spec: FlagSpec }>;

function isOption(key: string): key is keyof ServerOptions {
  return Object.hasOwn(DEFAULT_SERVER_OPTIONS, key);
}

/** Every server option, in the order of `OPTION_FLAGS`. */
export const OPTION_NAMES: readonly (keyof ServerOptions)[] =
  Object.keys(OPTION_FLAGS).filter(isOption);

/** Server options under construction from flags (each set at most once). */
export type OptionsDraft = { -readonly [K in keyof ServerOptions]?: ServerOptions[K] };

/** A row of --help and docs/server.md: the flag, and the option it sets (null: CLI only). */
export interface ServeFlag {
  readonly spec: FlagSpec;
  readonly option: keyof ServerOptions | null;
}

/** One option's flag, bound to the option: its help row, and storing what was given. */
export interface BoundOption<K extends keyof ServerOptions> extends ServeFlag {
  readonly option: K;
  /** Sets the option in `draft` when its flag (or variable) was given. */
  store(flags: ParsedFlags, draft: OptionsDraft): void;
}

function bind<K extends keyof ServerOptions>(option: K): BoundOption<K> {
  const flag: OptionFlag<ServerOptions[K]> = OPTION_FLAGS[option];
  const { name, kind, help, env } = flag;
  const defaultText = flag.defaultText ?? flag.show(DEFAULT_SERVER_OPTIONS[option]);
  const placeholder = flag.placeholder === undefined ? {} : { placeholder: flag.placeholder };
  return {
    spec: { name, kind, help, env, defaultText, ...placeholder },
    option,
    store(flags, draft) {
      const value = flag.read(flags);
      if (value !== undefined) draft[option] = value;
    },
  };
}

/** Every server option with its flag, in --help order. */
export const BOUND_OPTIONS: readonly BoundOption<keyof ServerOptions>[] = OPTION_NAMES.map(bind);

/** Every flag of `confab serve`, in --help order. */
export const SERVE_FLAG_TABLE: readonly ServeFlag[] = BOUND_OPTIONS.flatMap((bound) => [
  bound,
  ...Object.values(CLI_FLAGS)
    .filter((flag) => flag.after === bound.option)
    .map((flag) => ({ spec: flag.spec, option: null })),
]);

export const SERVE_FLAGS: readonly FlagSpec[] = SERVE_FLAG_TABLE.map((row) => row.spec);
