import { afterEach, describe, expect, it } from 'vitest';
import { adminPaths, type AdminRoomsResponse } from '../../protocol/index.js';
import { startTestServer, type RunningServer } from '../test-support/test-server.js';

const TOKEN = 'admin-token-for-tests-of-32-chars-or-more';

let servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  servers = [];
});

async function server(adminToken: string | null = TOKEN): Promise<RunningServer> {
  const started = await startTestServer({ adminToken });
  servers.push(started);
  return started;
}

function call(
  base: string,
  path: string,
  init: { method?: string; token?: string | null; origin?: string } = {},
): Promise<Response> {
  const token = init.token === undefined ? TOKEN : init.token;
  return fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(init.origin === undefined ? {} : { origin: init.origin }),
    },
  });
}

describe('the admin API', () => {
  it('is absent without --admin-token, page included', async () => {
    const { httpUrl } = await server(null);
    expect((await call(httpUrl, adminPaths.rooms)).status).toBe(404);
    const page = await fetch(`${httpUrl}/admin`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('--admin-token');
  });

  it('needs the bearer token, and limits failed attempts per address', async () => {
    const { httpUrl } = await server();
    const missing = await call(httpUrl, adminPaths.rooms, { token: null });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    // The room secret or a near miss is no admin token.
    for (let attempt = 1; attempt < 10; attempt++)
      expect((await call(httpUrl, adminPaths.rooms, { token: `${TOKEN}x` })).status).toBe(401);
    const limited = await call(httpUrl, adminPaths.rooms, { token: 'wrong' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The real token still works (only failures count).
    expect((await call(httpUrl, adminPaths.rooms)).status).toBe(200);
  });

  it('refuses actions from another site’s page, wrong methods and unknown paths', async () => {
    const { httpUrl, member } = await server();
    await member('r1', 'Ann');
    const foreign = await call(httpUrl, adminPaths.endRoom('r1'), {
      method: 'POST',
      origin: 'https://evil.example',
    });
    expect(foreign.status).toBe(403);
    expect((await call(httpUrl, adminPaths.endRoom('r1'))).status).toBe(405);
    expect((await call(httpUrl, adminPaths.rooms, { method: 'POST' })).status).toBe(405);
    expect((await call(httpUrl, '/api/admin/rooms/r1/explode', { method: 'POST' })).status).toBe(
      404,
    );
    expect((await call(httpUrl, '/api/admin/rooms/%E0%A4%A/end', { method: 'POST' })).status).toBe(
      404,
    );
    const listed = (await (await call(httpUrl, adminPaths.rooms)).json()) as AdminRoomsResponse;
    expect(listed.rooms.map((room) => room.room)).toEqual(['r1']);
  });

  it('removes a member (told `removed`, the others `peer-left`) and ends a room for everyone (`meeting-ended`)', async () => {
    const { httpUrl, member } = await server();
    const ann = await member('team', 'Ann');
    const bob = await member('team', 'Bob');
    const carol = await member('team', 'Carol');
    const own = new URL(httpUrl).origin;
    const removed = await call(httpUrl, adminPaths.removeMember('team', bob.id), {
      method: 'POST',
      origin: own,
    });
    expect(removed.status).toBe(200);
    expect(await removed.json()).toEqual({ room: 'team', removed: true });
    expect(await bob.client.nextOf('error')).toMatchObject({ code: 'removed' });
    expect((await bob.client.closed).code).toBe(1008);
    expect(await ann.client.nextOf('peer-left')).toEqual({ type: 'peer-left', id: bob.id });
    const again = await call(httpUrl, adminPaths.removeMember('team', bob.id), { method: 'POST' });
    expect(again.status).toBe(404);

    const ended = await call(httpUrl, adminPaths.endRoom('team'), { method: 'POST' });
    expect(await ended.json()).toEqual({ room: 'team', ended: 2 });
    for (const gone of [ann, carol]) {
      expect(await gone.client.nextOf('error')).toMatchObject({ code: 'meeting-ended' });
      expect((await gone.client.closed).code).toBe(1000);
    }
    const listed = (await (await call(httpUrl, adminPaths.rooms)).json()) as AdminRoomsResponse;
    expect(listed.rooms).toEqual([]);
    expect((await call(httpUrl, adminPaths.endRoom('team'), { method: 'POST' })).status).toBe(404);
    const text = await (await fetch(`${httpUrl}/metrics`)).text();
    expect(text).toContain('confab_admin_actions_total{action="remove"} 1');
    expect(text).toContain('confab_admin_actions_total{action="end"} 1');
  });
});
