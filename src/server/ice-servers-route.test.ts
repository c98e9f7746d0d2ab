import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iceServersResponseSchema } from '../protocol/diagnostics/ice-servers-response.js';
import { mintRoomToken } from './auth.js';
import { startCoturn, type RunningCoturn } from './test-support/coturn.js';
import { startTestServer } from './test-support/test-server.js';
import { runRelaySelfTest } from './turn/relay-self-test.js';

const SECRET = 'ice-endpoint-secret';
let turn: RunningCoturn;
beforeAll(async () => {
  turn = await startCoturn({ secret: SECRET, denyPrivatePeers: true });
});
afterAll(async () => {
  await turn.stop();
});

const turnUrl = (): string => `turn:127.0.0.1:${String(turn.port)}?transport=udp`;

describe('GET /api/ice-servers', () => {
  it('hands out fresh TURN credentials coturn accepts, never the secret, never cached', async () => {
    const running = await startTestServer({
      turnUrls: [turnUrl()],
      turnSecret: SECRET,
      stunUrls: [`stun:127.0.0.1:${String(turn.port)}`],
    });
    try {
      const first = await fetch(`${running.httpUrl}/api/ice-servers`);
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe('no-store');
      const text = await first.text();
      expect(text).not.toContain(SECRET);
      const body = iceServersResponseSchema.parse(JSON.parse(text));
      const turnServer = body.iceServers.find((s) => s.username !== undefined);
      expect(turnServer?.username).toMatch(/^\d+:doctor-[A-Za-z0-9_-]{22}$/);
      expect(body.expiresAt).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 600);
      const second = iceServersResponseSchema.parse(
        await (await fetch(`${running.httpUrl}/api/ice-servers`)).json(),
      );
      expect(second.iceServers[1]?.username).not.toBe(turnServer?.username);
      const relay = await runRelaySelfTest(turnUrl(), {
        username: turnServer?.username ?? '',
        credential: turnServer?.credential ?? '',
      });
      expect(relay.outcome).toBe('works');
    } finally {
      await running.stop();
    }
  });

  it('needs a valid room token when the server requires auth', async () => {
    const running = await startTestServer({
      turnUrls: [turnUrl()],
      turnSecret: SECRET,
      authSecret: 'auth-secret',
    });
    try {
      const url = `${running.httpUrl}/api/ice-servers`;
      const none = await fetch(url);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      expect(await none.json()).toMatchObject({ error: 'unauthorized' });
      const forged = await mintRoomToken('other-secret', 'any', 60);
      expect((await fetch(url, { headers: { authorization: `Bearer ${forged}` } })).status).toBe(
        401,
      );
      const expired = await mintRoomToken('auth-secret', 'any', 60, Date.now() - 120_000);
      expect((await fetch(url, { headers: { authorization: `Bearer ${expired}` } })).status).toBe(
        401,
      );
      const token = await mintRoomToken('auth-secret', 'any-room', 60);
      const ok = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
    } finally {
      await running.stop();
    }
  });

  it('reports the start-up relay self-test: works with coturn, 401 with a wrong secret', async () => {
    const good = await startTestServer({ turnUrls: [turnUrl()], turnSecret: SECRET });
    const bad = await startTestServer({ turnUrls: [turnUrl()], turnSecret: 'wrong-secret' });
    try {
      expect(await good.server.turnSelfTest).toMatchObject({
        verdict: 'works',
        results: [{ outcome: 'works' }],
      });
      expect(await bad.server.turnSelfTest).toMatchObject({
        verdict: 'fails',
        results: [{ outcome: 'fails', code: 'unauthorized', stunCode: 401 }],
      });
      const body = iceServersResponseSchema.parse(
        await (await fetch(`${good.httpUrl}/api/ice-servers`)).json(),
      );
      expect(body.selfTest).toEqual([
        { url: turnUrl(), outcome: 'works', rttMs: expect.any(Number) as number },
      ]);
    } finally {
      await good.stop();
      await bad.stop();
    }
  });

  it('answers with empty ICE servers when none are configured', async () => {
    const running = await startTestServer();
    try {
      expect(running.server.turnSelfTest).not.toBeNull();
      expect(await running.server.turnSelfTest).toBeNull();
      const body = iceServersResponseSchema.parse(
        await (await fetch(`${running.httpUrl}/api/ice-servers`)).json(),
      );
      expect(body).toEqual({ iceServers: [], expiresAt: null, selfTest: null });
    } finally {
      await running.stop();
    }
  });
});
