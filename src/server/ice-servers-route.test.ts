import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  doctorTokenResponseSchema,
  iceServersResponseSchema,
} from '../protocol/diagnostics/ice-servers-response.js';
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
const AUTH_SECRET = 'auth-secret-of-at-least-thirty-two-bytes';

/** A doctor token from the server, as the doctor page gets one. */
async function doctorToken(httpUrl: string, roomToken?: string): Promise<string> {
  const headers: Record<string, string> =
    roomToken === undefined ? {} : { authorization: `Bearer ${roomToken}` };
  const response = await fetch(`${httpUrl}/api/doctor-token`, { headers });
  expect(response.status).toBe(200);
  return doctorTokenResponseSchema.parse(await response.json()).token;
}

async function iceServers(httpUrl: string, token: string): Promise<Response> {
  return fetch(`${httpUrl}/api/ice-servers`, { headers: { authorization: `Bearer ${token}` } });
}

describe('GET /api/ice-servers', () => {
  it('hands out TURN credentials coturn accepts for a doctor token, never the secret, never cached', async () => {
    const running = await startTestServer({
      turnUrls: [turnUrl()],
      turnSecret: SECRET,
      stunUrls: [`stun:127.0.0.1:${String(turn.port)}`],
    });
    try {
      const token = await doctorToken(running.httpUrl);
      const first = await iceServers(running.httpUrl, token);
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe('no-store');
      const text = await first.text();
      expect(text).not.toContain(SECRET);
      const body = iceServersResponseSchema.parse(JSON.parse(text));
      const turnServer = body.iceServers.find((s) => s.username !== undefined);
      expect(turnServer?.username).toMatch(/^\d+:doctor-[A-Za-z0-9_-]{22}$/);
      expect(body.expiresAt).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 600);
      // The same token is the same TURN user (coturn's per-user quota holds); a new token
      // is a new one.
      const again = iceServersResponseSchema.parse(
        await (await iceServers(running.httpUrl, token)).json(),
      );
      expect(again.iceServers[1]?.username).toBe(turnServer?.username);
      const other = iceServersResponseSchema.parse(
        await (await iceServers(running.httpUrl, await doctorToken(running.httpUrl))).json(),
      );
      expect(other.iceServers[1]?.username).not.toBe(turnServer?.username);
      const relay = await runRelaySelfTest(turnUrl(), {
        username: turnServer?.username ?? '',
        credential: turnServer?.credential ?? '',
      });
      expect(relay.outcome).toBe('works');
    } finally {
      await running.stop();
    }
  });

  it('needs a doctor token, and for that a valid room token when the server requires auth', async () => {
    const running = await startTestServer({
      turnUrls: [turnUrl()],
      turnSecret: SECRET,
      authSecret: AUTH_SECRET,
    });
    try {
      const url = `${running.httpUrl}/api/doctor-token`;
      const none = await fetch(url);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      expect(await none.json()).toMatchObject({ error: 'unauthorized' });
      const forged = await mintRoomToken('other-secret-also-thirty-two-bytes', 'any', 60);
      const expired = await mintRoomToken(AUTH_SECRET, 'any', 60, Date.now() - 120_000);
      for (const bad of [forged, expired])
        expect((await fetch(url, { headers: { authorization: `Bearer ${bad}` } })).status).toBe(
          401,
        );
      // A room token is not a doctor token.
      const roomToken = await mintRoomToken(AUTH_SECRET, 'any-room', 60);
      expect((await iceServers(running.httpUrl, roomToken)).status).toBe(401);
      expect((await fetch(`${running.httpUrl}/api/ice-servers`)).status).toBe(401);
      const token = await doctorToken(running.httpUrl, roomToken);
      expect((await iceServers(running.httpUrl, token)).status).toBe(200);
    } finally {
      await running.stop();
    }
  });

  it('limits doctor requests per client address (429 with Retry-After)', async () => {
    const running = await startTestServer({ doctorRateLimit: 3 });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await fetch(`${running.httpUrl}/api/doctor-token`)).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const limited = await fetch(`${running.httpUrl}/api/ice-servers`);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
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
        await (await iceServers(good.httpUrl, await doctorToken(good.httpUrl))).json(),
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
        await (await iceServers(running.httpUrl, await doctorToken(running.httpUrl))).json(),
      );
      expect(body).toEqual({ iceServers: [], expiresAt: null, selfTest: null });
    } finally {
      await running.stop();
    }
  });
});
