import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { mintRoomToken } from '../auth.js';
import { DoctorTokens } from '../doctor-token.js';
import { ConfigError, resolveServerOptions } from '../options.js';
import { reportFigure } from '../test-support/abuse.js';
import { startTestServer, type RunningServer } from '../test-support/test-server.js';

// Every way a stranger might get in with a token they should not have: forged, expired,
// for another room or deployment, unsigned, or a doctor token made up or reused as
// something else. All refused; and the configuration refuses a guessable secret.

const SECRET = 'abuse-suite-room-token-secret-32-bytes';
const OTHER = 'another-deployments-secret-of-32-bytes';
const key = new TextEncoder().encode(SECRET);

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function joinTokens(): Promise<[string, string | undefined][]> {
  const now = Date.now();
  const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
    JSON.stringify({ room: 'board', iss: 'confab', aud: 'confab', exp: 9_999_999_999 }),
  ).toString('base64url')}.`;
  const claims = { room: 'board' };
  return [
    ['missing', undefined],
    ['garbage', 'not.a.jwt'],
    ['unsigned (alg none)', unsigned],
    [
      'HS512',
      await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS512' })
        .setIssuer('confab')
        .setAudience('confab')
        .setExpirationTime('1h')
        .sign(key),
    ],
    [
      'no expiry',
      await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('confab')
        .setAudience('confab')
        .sign(key),
    ],
    [
      'no issuer or audience',
      await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('1h')
        .sign(key),
    ],
    ['wrong secret', await mintRoomToken(OTHER, 'board', 60)],
    ['expired', await mintRoomToken(SECRET, 'board', 60, now - 120_000)],
    ['other room', await mintRoomToken(SECRET, 'other', 60)],
    [
      'other audience',
      await mintRoomToken(SECRET, 'board', 60, now, { scope: { issuer: 'confab', audience: 'x' } }),
    ],
    [
      'other issuer',
      await mintRoomToken(SECRET, 'board', 60, now, { scope: { issuer: 'x', audience: 'confab' } }),
    ],
  ];
}

describe('token abuse', () => {
  it('refuses every forged, stale or foreign room token and doctor token', async () => {
    running = await startTestServer({ authSecret: SECRET });
    const server = running;
    let joinRefused = 0;
    const cases = await joinTokens();
    for (const [label, token] of cases) {
      const client = await server.connect();
      client.send({ type: 'join', v: 3, room: 'board', name: 'Eve', ...(token ? { token } : {}) });
      const reply = await client.next();
      expect(reply, label).toMatchObject({ type: 'error', code: 'unauthorized' });
      joinRefused++;
    }
    expect(server.server.hub.stats().members).toBe(0);

    const doctor = new DoctorTokens(SECRET);
    const minted = doctor.mint();
    const [id, expiry, signature] = minted.token.split('.');
    const doctorCases: [string, string | undefined][] = [
      ['none', undefined],
      ['a room token', await mintRoomToken(SECRET, 'board', 60)],
      ['made up', `${'A'.repeat(22)}.${String(expiry)}.${'B'.repeat(43)}`],
      ['longer life', `${String(id)}.${String(Number(expiry) + 3600)}.${String(signature)}`],
      ['other id', `${'C'.repeat(22)}.${String(expiry)}.${String(signature)}`],
      ['another deployment', new DoctorTokens(OTHER).mint().token],
      ['expired', doctor.mint(Date.now() - 3_600_000).token],
    ];
    let doctorRefused = 0;
    for (const [label, token] of doctorCases) {
      const headers: Record<string, string> =
        token === undefined ? {} : { authorization: `Bearer ${token}` };
      const response = await fetch(`${server.httpUrl}/api/ice-servers`, { headers });
      expect(response.status, label).toBe(401);
      doctorRefused++;
    }
    const good = await fetch(`${server.httpUrl}/api/ice-servers`, {
      headers: { authorization: `Bearer ${minted.token}` },
    });
    expect(good.status).toBe(200);

    expect(() => resolveServerOptions({ authSecret: 'short-secret' })).toThrow(ConfigError);
    reportFigure('tokens', {
      joinTokensRefused: `${String(joinRefused)}/${String(cases.length)}`,
      doctorTokensRefused: `${String(doctorRefused)}/${String(doctorCases.length)}`,
      shortSecretRefused: true,
    });
  });
});
