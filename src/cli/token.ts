import { mintRoomToken } from '../server/index.js';
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
    name: 'auth-secret',
    kind: 'string',
    help: "the server's --auth-secret",
    defaultText: 'none',
    placeholder: '<secret>',
    env: ['CONFAB_AUTH_SECRET'],
  },
];

export const TOKEN_HELP = `Usage: confab token --room <room> [--ttl <s>] [--mesh-only] [--auth-secret <secret>]

Prints a room token (JWT, HS256) that admits its bearer to one room until it expires.

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
  const mesh = flags.boolean('mesh-only') === true;
  process.stdout.write(`${await mintRoomToken(secret, room, ttl, Date.now(), { mesh })}\n`);
}
