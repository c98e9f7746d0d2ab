import { describe, expect, it } from 'vitest';
import { verifyRoomToken } from '../server/index.js';
import { SERVE_FLAGS } from './serve-flags.js';
import { runConfabToEnd } from './test-support/confab-process.js';

describe('confab CLI', () => {
  it('--help lists every serve option with its default', async () => {
    const { code, stdout } = await runConfabToEnd(['--help']);
    expect(code).toBe(0);
    for (const flag of SERVE_FLAGS) {
      const line = stdout.split('\n').find((l) => l.trimStart().startsWith(`--${flag.name} `));
      expect(line, flag.name).toBeDefined();
      expect(line).toContain(`(default: ${flag.defaultText})`);
    }
    expect(stdout).toContain('confab token');
    expect(stdout).toContain('confab turn');
    expect(stdout).toContain('confab doctor');
  });

  it('token prints a room token the server accepts, of the server’s issuer and audience', async () => {
    const secret = 'cli-secret-long-enough-for-hs256-keys';
    const { code, stdout } = await runConfabToEnd(['token', '--room', 'board', '--ttl', '60'], {
      CONFAB_AUTH_SECRET: secret,
    });
    expect(code).toBe(0);
    expect(await verifyRoomToken(secret, stdout.trim(), 'board')).toEqual({
      ok: true,
      mesh: false,
      host: false,
      lobby: false,
    });
    const host = await runConfabToEnd(['token', '--room', 'board', '--host', '--lobby'], {
      CONFAB_AUTH_SECRET: secret,
    });
    expect(await verifyRoomToken(secret, host.stdout.trim(), 'board')).toEqual({
      ok: true,
      mesh: false,
      host: true,
      lobby: true,
    });
    const scoped = await runConfabToEnd(['token', '--room', 'board'], {
      CONFAB_AUTH_SECRET: secret,
      CONFAB_AUTH_AUDIENCE: 'meet.example.org',
    });
    const scope = { issuer: 'confab', audience: 'meet.example.org' };
    expect(await verifyRoomToken(secret, scoped.stdout.trim(), 'board', Date.now(), scope)).toEqual(
      { ok: true, mesh: false, host: false, lobby: false },
    );
  });

  it('exits with status 2 and a clear message on bad command lines and configurations', async () => {
    const cases: [string[], RegExp][] = [
      [['--port', 'eighty'], /--port needs a number/],
      [['--no-such-flag'], /Unknown option '--no-such-flag'/],
      [['launch'], /unknown command: launch/],
      [['--turn-url', 'turn:example.org'], /--turn-url needs --turn-secret/],
      [['--turn-url', 'http://example.org', '--turn-secret', 's'], /not a turn: or turns: URL/],
      [['--room-capacity', '0'], /--room-capacity must be a positive number, got 0/],
      [['--join-timeout=-2'], /--join-timeout must be a positive number, got -2$/m],
      [['--redis', 'http://example.org'], /--redis needs a redis:\/\/ or rediss:\/\/ URL/],
      [['token'], /--room is required/],
      [['token', '--room', 'r', '--auth-secret', 'short'], /at least 32 bytes/],
      [['--auth-secret', 'short'], /--auth-secret must be at least 32 bytes/],
      [['--allowed-origin', 'meet.example.org'], /--allowed-origin: not an origin/],
    ];
    // All at once: each is a Node start-up that loads the server, over a second apiece on a
    // busy 2-core machine.
    const [fromEnv, capacity, ...results] = await Promise.all([
      // A value from the environment is called by the variable that held it.
      runConfabToEnd([], { CONFAB_ROOM_CAPACITY: '0', PORT: 'x' }),
      runConfabToEnd([], { CONFAB_ROOM_CAPACITY: '0' }),
      ...cases.map(([args]) => runConfabToEnd(args, { CONFAB_AUTH_SECRET: '' })),
    ]);
    cases.forEach(([args, message], i) => {
      const { code, stderr } = results[i] ?? { code: null, stderr: '' };
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
    });
    expect(fromEnv.stderr).toMatch(/PORT needs a number, got x/);
    expect(capacity.code).toBe(2);
    expect(capacity.stderr).toMatch(/CONFAB_ROOM_CAPACITY must be a positive number, got 0/);
  }, 120_000);
});
