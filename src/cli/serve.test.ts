import { afterEach, describe, expect, it } from 'vitest';
import { TestClient } from '../server/test-support/test-client.js';
import { freePort } from '../server/test-support/ports.js';
import { runConfab, type ConfabProcess } from './test-support/confab-process.js';

let proc: ConfabProcess | undefined;
afterEach(async () => {
  await proc?.kill();
  proc = undefined;
});

async function start(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ port: number; proc: ConfabProcess }> {
  proc = runConfab(['serve', '--host', '127.0.0.1', ...args], env);
  const listening = await proc.waitForLog((line) => line['msg'] === 'listening');
  return { port: Number(listening['port']), proc };
}

describe('confab serve (real process)', () => {
  it('takes its address from PORT/HOST and its flags from the environment', async () => {
    const port = await freePort();
    const { port: bound } = await start([], { PORT: String(port), CONFAB_ROOM_CAPACITY: '1' });
    expect(bound).toBe(port);
    const first = await TestClient.connect(`ws://127.0.0.1:${String(port)}/ws`);
    await first.join('r', 'A');
    const second = await TestClient.connect(`ws://127.0.0.1:${String(port)}/ws`);
    second.send({ type: 'join', v: 3, room: 'r', name: 'B' });
    expect(await second.next()).toMatchObject({ type: 'error', code: 'room-full' });
  });

  it('drains on SIGTERM: readiness 503, server-shutdown, close 1012, exit 0 within the drain timeout', async () => {
    const { port, proc: server } = await start(['--port', '0', '--drain-timeout', '3']);
    const base = `http://127.0.0.1:${String(port)}`;
    const member = await TestClient.connect(`ws://127.0.0.1:${String(port)}/ws`);
    await member.join('r', 'Ann');
    // A second member that stops reading keeps the drain open long enough to probe it.
    const stuck = await TestClient.connect(`ws://127.0.0.1:${String(port)}/ws`);
    await stuck.join('r', 'Stuck');
    (stuck.socket as unknown as { _socket: { pause(): void } })._socket.pause();

    const startedAt = Date.now();
    server.child.kill('SIGTERM');
    expect(await member.nextOf('error')).toMatchObject({ code: 'server-shutdown' });
    expect((await member.closed).code).toBe(1012);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    await expect(TestClient.connect(`ws://127.0.0.1:${String(port)}/ws`)).rejects.toThrow(/503/);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - startedAt).toBeLessThan(10_000);
  });

  it('exits at once on a second signal', async () => {
    const { port, proc: server } = await start(['--port', '0', '--drain-timeout', '30']);
    const stuck = await TestClient.connect(`ws://127.0.0.1:${String(port)}/ws`);
    await stuck.join('r', 'Stuck');
    (stuck.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    server.child.kill('SIGTERM');
    await server.waitForLog((line) => line['msg'] === 'draining');
    const startedAt = Date.now();
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(1);
    expect(Date.now() - startedAt).toBeLessThan(5000);
  });

  it('never logs secrets, tokens or SDP', async () => {
    const { port, proc: server } = await start(
      ['--port', '0', '--log-level', 'debug', '--turn-url', 'turn:127.0.0.1:3478'],
      {
        CONFAB_TURN_SECRET: 'super-secret-turn-key',
      },
    );
    const ann = await TestClient.connect(`ws://127.0.0.1:${String(port)}/ws`);
    const welcome = await ann.join('r', 'Ann');
    const bob = await TestClient.connect(`ws://127.0.0.1:${String(port)}/ws`);
    const bobWelcome = await bob.join('r', 'Bob');
    bob.send({
      type: 'signal',
      to: welcome.self.id,
      data: { description: { type: 'offer', sdp: 'v=0\r\na=ice-pwd:verysecretpassword123\r\n' } },
    });
    await ann.nextOf('signal');
    await ann.close(4000);
    await server.waitForLog((line) => line['msg'] === 'dropped: slot kept for resume');
    const output = server.stdout() + server.stderr();
    for (const secret of [
      'super-secret-turn-key',
      'verysecretpassword123',
      welcome.resume,
      bobWelcome.resume,
    ]) {
      expect(output).not.toContain(secret);
    }
    expect(output).not.toContain(welcome.iceServers[0]?.credential ?? 'missing');
  });
});
