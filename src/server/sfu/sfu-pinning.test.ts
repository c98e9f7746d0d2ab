import { afterEach, describe, expect, it } from 'vitest';
import { mintRoomToken } from '../auth.js';
import { sfuHealthy } from '../test-support/sfu.js';
import type { TestClient } from '../test-support/test-client.js';
import { startTestServer, type RunningServer } from '../test-support/test-server.js';

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function serve(...args: Parameters<typeof startTestServer>): Promise<RunningServer> {
  const server = await startTestServer(...args);
  servers.push(server);
  return server;
}

async function joinAll(server: RunningServer, room: string, count: number, token?: string) {
  const clients: TestClient[] = [];
  for (let i = 0; i < count; i++) {
    const client = await server.connect();
    await client.join(room, `M${String(i)}`, token === undefined ? {} : { token });
    clients.push(client);
  }
  return clients;
}

async function refused(server: RunningServer, room: string, token?: string) {
  const client = await server.connect();
  client.send({ type: 'join', v: 3, room, name: 'One too many', ...(token ? { token } : {}) });
  return client.nextOf('error');
}

describe('rooms that never leave the mesh', () => {
  it('with --mesh-only: never switch, pinned in every welcome, capped at the mesh capacity', async () => {
    const server = await serve({ withSfu: true, meshOnly: true, meshMax: 2, meshCapacity: 6 });
    await sfuHealthy(server.server);
    const clients = await joinAll(server, 'mesh-only', 6);
    await server.server.sfu?.controller.settled('mesh-only');
    for (const client of clients) {
      expect(client.received[0]).toMatchObject({ mode: { path: 'mesh', pinned: true } });
      await client.roundTrip();
      expect(client.all('room-mode')).toEqual([]);
    }
    expect(await refused(server, 'mesh-only')).toMatchObject({ code: 'room-full' });
  });

  it('pinned by a room token with the mesh claim: back from the SFU, held there, capped', async () => {
    const authSecret = 'pinning-secret-for-tests-32-bytes-long';
    const server = await serve({ withSfu: true, meshMax: 2, meshCapacity: 4, authSecret });
    await sfuHealthy(server.server);
    const open = await mintRoomToken(authSecret, 'pinned', 60);
    const mesh = await mintRoomToken(authSecret, 'pinned', 60, Date.now(), { mesh: true });
    const clients = await joinAll(server, 'pinned', 3, open);
    for (const client of clients)
      expect((await client.nextOf('room-mode')).mode).toEqual({
        path: 'sfu',
        epoch: 1,
        pinned: false,
      });
    const pinner = await server.connect();
    expect((await pinner.join('pinned', 'Pinner', { token: mesh })).mode).toEqual({
      path: 'sfu',
      epoch: 1,
      pinned: true,
    });
    for (const client of [...clients, pinner])
      expect(await client.nextOf('room-mode')).toEqual({
        type: 'room-mode',
        mode: { path: 'mesh', epoch: 2, pinned: true },
        reason: 'pinned',
      });
    // At 4 it is full: the mesh capacity, whatever the SFU could take.
    expect(await refused(server, 'pinned', open)).toMatchObject({
      code: 'room-full',
      message: 'room is full (4 members)',
    });
  });

  it('without an SFU: mesh only, as before; SFU messages say there is none; app messages flow', async () => {
    const server = await serve();
    expect(server.server.sfu).toBeNull();
    const clients = await joinAll(server, 'plain', 8);
    const [ann, bob] = clients;
    expect(ann?.received[0]).toMatchObject({ mode: { path: 'mesh', epoch: 0, pinned: false } });
    expect(await refused(server, 'plain')).toMatchObject({ message: 'room is full (8 members)' });
    ann?.send({
      type: 'sfu-publish',
      epoch: 0,
      sdp: 'v=0\r\n',
      sources: [{ mid: '0', source: 'camera' }],
    });
    expect(await ann?.nextOf('error')).toMatchObject({ code: 'sfu-failed' });
    ann?.send({ type: 'app', data: { chat: 'still here' } });
    expect(await bob?.nextOf('app')).toMatchObject({ data: { chat: 'still here' } });
    expect((await (await fetch(`${server.httpUrl}/readyz`)).text()).trim()).toBe('ready');
  });
});
