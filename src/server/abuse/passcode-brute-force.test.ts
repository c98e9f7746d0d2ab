import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../logger.js';
import { reportFigure } from '../test-support/abuse.js';
import { startTestServer, type RunningServer } from '../test-support/test-server.js';

// Guessing a room's passcode: wrong tries are counted per client address and per room, and
// past the limits nobody from there gets to try (not even with the right passcode) for a
// minute. The passcode and its stored hash never reach a log line.

const PASSCODE = 'correct-horse-battery';
let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function guess(server: RunningServer, passcode: string, from: string): Promise<string> {
  const client = await server.connect({ localAddress: from });
  client.send({ type: 'join', v: 3, room: 'r', name: 'Guess', passcode });
  const reply = await client.next();
  await client.close();
  return reply.type === 'error' ? reply.code : reply.type;
}

async function roomWithPasscode(
  options: Parameters<typeof startTestServer>[0],
  logger?: Logger,
): Promise<RunningServer> {
  const server = await startTestServer(options, undefined, logger ? { logger } : {});
  running = server;
  const host = await server.connect();
  await host.join('r', 'Host', { passcode: PASSCODE });
  return server;
}

describe('passcode brute force', () => {
  it('refuses an address after 5 wrong tries a minute, even with the right passcode', async () => {
    const server = await roomWithPasscode({ passcodeTriesPerIp: 5, passcodeTriesPerRoom: 20 });
    const attacker = '127.0.0.2';
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) answers.push(await guess(server, `wrong-${String(i)}`, attacker));
    expect(answers).toEqual(Array(5).fill('passcode-wrong'));
    expect(await guess(server, PASSCODE, attacker)).toBe('passcode-limited');
    expect(await guess(server, 'wrong-again', attacker)).toBe('passcode-limited');
    // Another address still gets in with the passcode.
    expect(await guess(server, PASSCODE, '127.0.0.3')).toBe('welcome');
    reportFigure('passcode-per-ip', { wrongBeforeLimit: 5, limited: 2 });
  });

  it('refuses everyone for the room after 20 wrong tries a minute from many addresses', async () => {
    const server = await roomWithPasscode({ passcodeTriesPerIp: 5, passcodeTriesPerRoom: 20 });
    const answers: string[] = [];
    // 20 wrong tries spread over 10 addresses: none of them reaches its own limit.
    for (let i = 0; i < 20; i++)
      answers.push(await guess(server, `wrong-${String(i)}`, `127.0.1.${String(10 + (i % 10))}`));
    expect(answers).toEqual(Array(20).fill('passcode-wrong'));
    expect(await guess(server, PASSCODE, '127.0.1.99')).toBe('passcode-limited');
    // Other rooms are not affected.
    const other = await server.connect({ localAddress: '127.0.1.99' });
    expect((await other.join('other-room', 'Someone', { passcode: 'its-own-code' })).type).toBe(
      'welcome',
    );
    reportFigure('passcode-per-room', { wrongBeforeLimit: 20 });
  });

  it('never logs a passcode or its hash, even at trace level', async () => {
    const lines: string[] = [];
    const logger: Logger = pino({ level: 'trace' }, { write: (line: string) => lines.push(line) });
    const server = await roomWithPasscode({}, logger);
    const member = await server.connect();
    await member.join('r', 'Member', { passcode: PASSCODE });
    expect(await guess(server, 'not-the-passcode', '127.0.0.4')).toBe('passcode-wrong');
    // A host sets a passcode on a room of its own, then clears it.
    const owner = await server.connect();
    await owner.join('owned', 'Owner');
    owner.host({ action: 'set-passcode', passcode: 'second-secret-code' });
    await owner.nextOf('room-state');
    owner.host({ action: 'set-passcode', passcode: null });
    await owner.nextOf('room-state');
    const text = lines.join('\n');
    expect(lines.length).toBeGreaterThanOrEqual(6);
    for (const secret of [PASSCODE, 'not-the-passcode', 'second-secret-code', 'scrypt$'])
      expect(text, secret).not.toContain(secret);
    reportFigure('passcode-log', { lines: lines.length, secretsFound: 0 });
  });
});
