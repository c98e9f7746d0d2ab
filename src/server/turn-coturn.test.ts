import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allocateWith,
  startCoturn,
  startEchoPeer,
  type RunningCoturn,
} from './test-support/coturn.js';
import { startTestServer } from './test-support/test-server.js';
import { mintTurnCredentials } from './turn-credentials.js';

const SECRET = 'coturn-shared-secret-for-tests';
let turn: RunningCoturn;
let peer: Awaited<ReturnType<typeof startEchoPeer>>;

beforeAll(async () => {
  turn = await startCoturn({ secret: SECRET });
  peer = await startEchoPeer();
});
afterAll(async () => {
  await peer.stop();
  await turn.stop();
});

describe('TURN credentials against a real coturn (use-auth-secret)', () => {
  it('coturn accepts the credentials a welcome carries and relays data with them', async () => {
    const running = await startTestServer({
      turnUrls: [`turn:127.0.0.1:${String(turn.port)}?transport=udp`],
      turnSecret: SECRET,
    });
    try {
      const client = await running.connect();
      const welcome = await client.join('r', 'Ann');
      const server = welcome.iceServers[0];
      const result = await allocateWith(
        turn,
        server?.username ?? '',
        server?.credential ?? '',
        peer,
      );
      expect(result.ok, result.output).toBe(true);
    } finally {
      await running.stop();
    }
  });

  it('coturn refuses expired, wrongly signed and tampered credentials', async () => {
    const expired = mintTurnCredentials(SECRET, 'alice', 60, Date.now() - 120_000);
    const wrongSecret = mintTurnCredentials('not-the-secret', 'alice', 600, Date.now());
    const valid = mintTurnCredentials(SECRET, 'alice', 600, Date.now());
    const tampered = { ...valid, username: valid.username.replace(':alice', ':mallory') };
    const extended = { ...valid, username: `${String(valid.expiresAt + 86_400)}:alice` };
    for (const [label, c] of Object.entries({ expired, wrongSecret, tampered, extended })) {
      const result = await allocateWith(turn, c.username, c.credential, peer);
      expect(result.ok, `${label}: ${result.output}`).toBe(false);
    }
    expect(turn.log()).toMatch(/401|Unauthorized|Cannot find credentials|check_stun_auth/i);
  });
});
