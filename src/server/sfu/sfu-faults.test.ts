import { afterEach, describe, expect, it } from 'vitest';
import type { RoomModeMessage } from '../../protocol/index.js';
import { freePort } from '../test-support/ports.js';
import { startJanus, type RunningJanus } from '../test-support/janus.js';
import {
  CAMERA_AND_MIC,
  JanusInspector,
  PUBLISHER_OFFER,
  PUBLISHER_SOURCES,
  sfuHealthy,
} from '../test-support/sfu.js';
import type { TestClient } from '../test-support/test-client.js';
import { startTestServer, type RunningServer } from '../test-support/test-server.js';
import { randomSfuSecret } from './janus-secrets.js';

const servers: RunningServer[] = [];
let januses: RunningJanus[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  await Promise.all(januses.splice(0).map((j) => j.stop()));
});

async function serve(...args: Parameters<typeof startTestServer>): Promise<RunningServer> {
  const server = await startTestServer(...args);
  servers.push(server);
  return server;
}

async function fill(server: RunningServer, room: string, count: number): Promise<TestClient[]> {
  const clients: TestClient[] = [];
  for (let i = 0; i < count; i++) clients.push((await server.member(room, `M${String(i)}`)).client);
  return clients;
}

const everyone = (clients: TestClient[], timeoutMs = 10_000): Promise<RoomModeMessage[]> =>
  Promise.all(clients.map((client) => client.nextOf('room-mode', timeoutMs)));

describe('when the SFU fails', () => {
  it('on a Janus crash: a small room falls back to mesh, a big one gets a new room on the restarted Janus', async () => {
    const server = await serve({ withSfu: true, meshMax: 4, sfuHoldMs: 60_000 });
    await sfuHealthy(server.server);
    const small = await fill(server, 'crash-small', 5);
    const big = await fill(server, 'crash-big', 5);
    await everyone([...small, ...big]);
    await small[0]?.close();
    const stay = small.slice(1);
    const janus = server.server.sfu?.pool.local?.process;
    if (!janus) throw new Error('no local Janus');

    const killedAt = performance.now();
    process.kill(janus.pid, 'SIGKILL');
    for (const mode of await everyone(stay))
      expect(mode).toEqual({
        type: 'room-mode',
        mode: { path: 'mesh', epoch: 2, pinned: false },
        reason: 'sfu-lost',
      });
    const lostMs = performance.now() - killedAt;
    for (const mode of await everyone(big))
      expect(mode).toEqual({
        type: 'room-mode',
        mode: { path: 'sfu', epoch: 2, pinned: false },
        reason: 'sfu-restored',
      });
    const restoredMs = performance.now() - killedAt;
    // The members' banner: each was told its media session was lost.
    for (const client of big)
      expect(client.all('error').map((e) => e.code)).toContain('sfu-failed');
    // Everyone re-publishes by itself on the new epoch; the first answer is media coming back.
    const [first] = big;
    first?.send({
      type: 'sfu-publish',
      epoch: 2,
      sdp: PUBLISHER_OFFER,
      sources: PUBLISHER_SOURCES,
    });
    expect((await first?.nextOf('sfu-answer'))?.epoch).toBe(2);
    const answeredMs = performance.now() - killedAt;
    console.log(
      `Janus SIGKILL → small room on mesh (sfu-lost) ${lostMs.toFixed(0)} ms, big room ` +
        `sfu-restored ${restoredMs.toFixed(0)} ms, first re-publish answered ${answeredMs.toFixed(0)} ms`,
    );
    const restarted = (): number | undefined => server.server.sfu?.pool.local?.process?.pid;
    expect(restarted()).not.toBe(janus.pid);
  });

  it('with Janus unreachable at start: the server starts, /readyz says degraded, rooms stay mesh and small', async () => {
    const unreachable = `ws://127.0.0.1:${String(await freePort())}`;
    const server = await serve({ sfuUrls: [unreachable], sfuSecret: randomSfuSecret() });
    const ready = await fetch(`${server.httpUrl}/readyz`);
    expect([ready.status, await ready.text()]).toEqual([200, 'ready (sfu degraded)\n']);
    const clients = await fill(server, 'degraded', 5);
    await server.server.sfu?.controller.settled('degraded');
    for (const client of clients) {
      await client.roundTrip();
      expect(client.all('room-mode')).toEqual([]);
    }
    expect(clients.at(-1)?.received[0]).toMatchObject({ mode: { path: 'mesh', epoch: 0 } });
    // Without a healthy SFU a room is held to the mesh capacity (8), not the SFU capacity (50).
    await fill(server, 'degraded', 3);
    const late = await server.connect();
    late.send({ type: 'join', v: 3, room: 'degraded', name: 'Late' });
    expect(await late.nextOf('error')).toMatchObject({ code: 'room-full' });
  });

  it('puts a new SFU room on the less loaded of two instances', async () => {
    const sfuSecret = randomSfuSecret();
    januses = await Promise.all([startJanus({ sfuSecret }), startJanus({ sfuSecret })]);
    const [busy, idle] = januses;
    if (!busy || !idle) throw new Error('unreachable');
    const inspector = await JanusInspector.connect(busy.url, busy.secrets);
    await inspector.admin.createRoom('someone-elses-room', { publishers: 10 });
    for (const id of ['a', 'b', 'c'])
      await inspector.addFeed('someone-elses-room', id, CAMERA_AND_MIC);
    await inspector.close();
    const server = await serve({ sfuUrls: [busy.url, idle.url], sfuSecret, meshMax: 4 });
    await sfuHealthy(server.server, 2);
    await everyone(await fill(server, 'two-sfus', 5));
    expect((await server.server.hub.roomState('two-sfus')).record.instance).toBe(idle.url);
  });
});
