import { DEFAULT_TOKEN_SCOPE, MIN_AUTH_SECRET_BYTES, mintRoomToken } from '../server/index.js';
import { formatFlagHelp, parseFlags, UsageError, type FlagSpec } from './flags.js';

export const TOKEN_FLAGS: readonly FlagSpec[] = [
  {
    name: 'room',
    kind: 'string',
    help: 'room the token admits to (required)',
    defaultText: 'none',
    placeholder: '<room>',
    env: [],
  },
  {
    name: 'ttl',
    kind: 'number',
    help: 'seconds until the token expires',
    defaultText: '3600',
    placeholder: '<s>',
    env: [],
  },
  {
    name: 'mesh-only',
    kind: 'boolean',
    help: "the bearer's join pins the room to the mesh: its media never passes the server",
    defaultText: 'false',
    env: [],
  },
  {
    name: 'host',
    kind: 'boolean',
    help: "the bearer is the room's host: admitted past lobby, lock and passcode, and given the host role",
    defaultText: 'false',
    env: [],
  },
  {
    name: 'lobby',
    kind: 'boolean',
    help: "a room the bearer's join opens has its lobby on: everyone without --host waits to be let in",
    defaultText: 'false',
    env: [],
  },
  {
    name: 'auth-secret',
    kind: 'string',
    help: "the server's --auth-secret",
    defaultText: 'none',
    placeholder: '<secret>',
    env: ['CONFAB_AUTH_SECRET'],
  },
  {
    name: 'auth-issuer',
    kind: 'string',
    help: "the server's --auth-issuer (iss claim)",
    defaultText: DEFAULT_TOKEN_SCOPE.issuer,
    placeholder: '<name>',
    env: ['CONFAB_AUTH_ISSUER'],
  },
  {
    name: 'auth-audience',
    kind: 'string',
    help: "the server's --auth-audience (aud claim)",
    defaultText: DEFAULT_TOKEN_SCOPE.audience,
    placeholder: '<name>',
    env: ['CONFAB_AUTH_AUDIENCE'],
  },
];

export const TOKEN_HELP = `Usage: confab token --room <room> [--ttl <s>] [--host] [--lobby] [--mesh-only] [--auth-secret <secret>]

Prints a room token (JWT, HS256) that admits its bearer to one room until it expires. Its
issuer and audience must match the server's (the same environment variables set both).

${formatFlagHelp(TOKEN_FLAGS)}`;

/** `confab token`: prints a room token on stdout. */
export async function runToken(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const flags = parseFlags(TOKEN_FLAGS, argv, env);
  const room = flags.string('room');
  const secret = flags.string('auth-secret');
  const ttl = flags.number('ttl') ?? 3600;
  if (room === undefined) throw new UsageError('--room is required');
  if (secret === undefined)
    throw new UsageError('--auth-secret (or CONFAB_AUTH_SECRET) is required');
  if (ttl <= 0) throw new UsageError('--ttl must be a positive number');
  if (Buffer.byteLength(secret) < MIN_AUTH_SECRET_BYTES)
    throw new UsageError(`--auth-secret must be at least ${String(MIN_AUTH_SECRET_BYTES)} bytes`);
  const scope = {
    issuer: flags.string('auth-issuer') ?? DEFAULT_TOKEN_SCOPE.issuer,
    audience: flags.string('auth-audience') ?? DEFAULT_TOKEN_SCOPE.audience,
  };
  const claims = {
    mesh: flags.boolean('mesh-only') === true,
    host: flags.boolean('host') === true,
    lobby: flags.boolean('lobby') === true,
  };
  const token = await mintRoomToken(secret, room, ttl, Date.now(), { ...claims, scope });
  process.stdout.write(`${token}\n`);
}
