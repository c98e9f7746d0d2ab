import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type RunningServer } from './test-support/test-server.js';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

const SECRET = 'turn-shared-secret';

describe('ICE servers', () => {
  it('hands out STUN as configured and TURN with credentials minted for the member', async () => {
    running = await startTestServer({
      stunUrls: ['stun:turn.example.org:3478'],
      turnUrls: [
        'turn:turn.example.org:3478?transport=udp',
        'turns:turn.example.org:443?transport=tcp',
      ],
      turnSecret: SECRET,
      turnTtlSeconds: 600,
    });
    const client = await running.connect();
    const before = Math.floor(Date.now() / 1000);
    const welcome = await client.join('r', 'Ann');
    const [stun, turn] = welcome.iceServers;
    expect(stun).toEqual({ urls: ['stun:turn.example.org:3478'] });
    expect(turn?.urls).toEqual([
      'turn:turn.example.org:3478?transport=udp',
      'turns:turn.example.org:443?transport=tcp',
    ]);
    const [expiry, user] = (turn?.username ?? '').split(':');
    expect(user).toBe(welcome.self.id);
    expect(Number(expiry)).toBeGreaterThanOrEqual(before + 600);
    expect(Number(expiry)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 600);
    expect(turn?.credential).toBe(
      createHmac('sha1', SECRET)
        .update(turn?.username ?? '')
        .digest('base64'),
    );
    expect(JSON.stringify(client.received)).not.toContain(SECRET);
  });

  it('answers refresh-ice with freshly minted servers, and only to members', async () => {
    running = await startTestServer({ turnUrls: ['turn:127.0.0.1:3478'], turnSecret: SECRET });
    const stranger = await running.connect();
    stranger.send({ type: 'refresh-ice' });
    expect(await stranger.next()).toMatchObject({ type: 'error', code: 'not-joined' });
    const member = await stranger.join('r', 'Ann');
    stranger.send({ type: 'refresh-ice' });
    const refreshed = await stranger.nextOf('ice-servers');
    expect(refreshed.iceServers[0]?.username).toMatch(new RegExp(`^\\d+:${member.self.id}$`));
  });

  it('pushes new credentials unasked before the issued ones expire', async () => {
    // A 3 s TTL is refreshed after 1 s (at least 1 s). Not 2 s: the expiry is whole seconds,
    // so a 2 s TTL may leave only ~1 s of lifetime, and the push could land just after it.
    running = await startTestServer({
      turnUrls: ['turn:127.0.0.1:3478'],
      turnSecret: SECRET,
      turnTtlSeconds: 3,
    });
    const client = await running.connect();
    const welcome = await client.join('r', 'Ann');
    const issuedExpiry = Number(welcome.iceServers[0]?.username?.split(':')[0]);
    const pushed = await client.nextOf('ice-servers', 3000);
    expect(Date.now() / 1000).toBeLessThan(issuedExpiry);
    expect(Number(pushed.iceServers[0]?.username?.split(':')[0])).toBeGreaterThanOrEqual(
      issuedExpiry,
    );
  });

  it('refuses TURN URLs without a secret at start-up', async () => {
    await expect(startTestServer({ turnUrls: ['turn:127.0.0.1:3478'] })).rejects.toThrow(
      /turnUrls needs turnSecret/,
    );
  });
});
