import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisHub } from '../redis/redis-hub.js';
import { startJanus, type RunningJanus } from '../test-support/janus.js';
import { startRedisNodes } from '../test-support/redis-nodes.js';
import { startRedis, type RunningRedis } from '../test-support/redis-server.js';
import { JanusInspector, sfuHealthy, sfuModeOf } from '../test-support/sfu.js';
import type { TestClient } from '../test-support/test-client.js';
import type { RunningServer } from '../test-support/test-server.js';
import { randomSfuSecret } from './janus-secrets.js';
import { DEFAULT_HUB_LIMITS } from '../test-support/hub-harness.js';

// Two nodes sharing Redis and one Janus (--sfu-url): a room's mode, Janus room and every
// switch are decided once per room, whichever node its members are on.

let redis: RunningRedis;
let janus: RunningJanus;
let inspector: JanusInspector;
let nodes: RunningServer[] = [];
const sfuSecret = randomSfuSecret();

beforeAll(async () => {
  [redis, janus] = await Promise.all([startRedis(), startJanus({ sfuSecret })]);
  inspector = await JanusInspector.connect(janus.url, janus.secrets);
});
afterAll(async () => {
  await inspector.close();
  await Promise.all([redis.cleanup(), janus.stop()]);
});
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((node) => node.stop()));
});

async function twoNodes(): Promise<readonly [RunningServer, RunningServer]> {
  nodes = await startRedisNodes(redis, 2, {
    sfuUrls: [janus.url],
    sfuSecret,
    meshMax: 2,
    sfuSwitchTimeoutMs: 1000,
  });
  const [a, b] = nodes;
  if (!a || !b) throw new Error('unreachable');
  await Promise.all([sfuHealthy(a.server), sfuHealthy(b.server)]);
  await expect.poll(() => a.server.isReady() && b.server.isReady()).toBe(true);
  return [a, b];
}

async function switches(node: RunningServer): Promise<number> {
  const metric = await node.server.metrics.registry
    .getSingleMetric('confab_sfu_switches_total')
    ?.get();
  return (metric?.values ?? []).reduce((sum, { value }) => sum + value, 0);
}

async function janusRoomsOf(room: string): Promise<string[]> {
  return (await inspector.admin.listRooms())
    .filter((j) => j.description === `confab ${room}`)
    .map((j) => j.room);
}

describe('SFU rooms across nodes (Redis)', () => {
  it('switches a room once, for its members on both nodes, into one Janus room', async () => {
    const [a, b] = await twoNodes();
    const members: TestClient[] = [];
    for (const node of [a, b, a, b]) members.push((await node.member('shared', 'M')).client);
    const modes = await Promise.all(members.map((client) => sfuModeOf(client)));
    for (const mode of modes) expect(mode).toEqual({ path: 'sfu', epoch: 1, pinned: false });
    // The winner counts its switch once the announce returned (members may hear of it first).
    await expect.poll(async () => (await switches(a)) + (await switches(b))).toBe(1);
    const [janusRoom, ...others] = await janusRoomsOf('shared');
    expect(others).toEqual([]);
    // Members on both nodes are in it, each through its own node's Janus session.
    await expect
      .poll(async () => (await inspector.admin.listParticipants(janusRoom ?? '')).length)
      .toBe(4);
    const late = await b.connect();
    expect((await late.join('shared', 'Late')).mode).toEqual({
      path: 'sfu',
      epoch: 1,
      pinned: false,
    });
  });

  it('leaves a room mesh when the node moving it dies mid-switch; the next join switches it', async () => {
    const [a, b] = await twoNodes();
    const first = (await a.member('orphaned', 'One')).client;
    const second = (await b.member('orphaned', 'Two')).client;
    // A third node takes the switch lease, creates its Janus room, and dies before announcing.
    const dying = new RedisHub(
      {
        ...DEFAULT_HUB_LIMITS,
        redisUrl: redis.url,
        roomCapacity: 50,
        resumeGraceMs: 30_000,
        redisLeaseMs: 1000,
      },
      pino({ level: 'silent' }),
      new Registry(),
    );
    dying.start();
    await expect.poll(() => dying.isReady()).toBe(true);
    const lease = await dying.changeMode('orphaned', {
      kind: 'prepare',
      epoch: 0,
      path: 'sfu',
      instance: janus.url,
      janusRoom: 'confab-orphan-of-a-dead-node',
      staleMs: 1000,
    });
    expect(lease?.preparing?.owner).toBe(dying.nodeId);
    await inspector.admin.createRoom('confab-orphan-of-a-dead-node', {
      description: 'confab orphaned',
    });
    await dying.close();
    // The room works on: still a mesh, so the newcomer's welcome says so.
    const third = await a.connect();
    expect((await third.join('orphaned', 'Three')).mode).toEqual({
      path: 'mesh',
      epoch: 0,
      pinned: false,
    });
    await a.server.sfu?.controller.settled('orphaned');
    await first.roundTrip();
    expect(first.all('room-mode')).toEqual([]);
    // Once the lease is stale a node takes over: one switch, and the dead node's room is gone.
    for (const client of [first, second, third])
      expect((await client.nextOf('room-mode')).mode).toEqual({
        path: 'sfu',
        epoch: 1,
        pinned: false,
      });
    await expect.poll(() => inspector.admin.roomExists('confab-orphan-of-a-dead-node')).toBe(false);
    expect(await janusRoomsOf('orphaned')).toHaveLength(1);
  });
});
