import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminPaths, type AdminRoomsResponse } from '../../protocol/index.js';
import { startRedisNodes } from '../test-support/redis-nodes.js';
import { startRedis, type RunningRedis } from '../test-support/redis-server.js';
import type { RunningServer } from '../test-support/test-server.js';
import { WebhookReceiver } from '../test-support/webhook-receiver.js';

// The admin API and webhooks of a deployment of two nodes sharing one real Redis: any
// node lists every room and acts on members connected to the other node.
const TOKEN = 'admin-token-for-tests-of-32-chars-or-more';
const SECRET = 'webhook-secret-of-at-least-32-bytes!!';

let redis: RunningRedis;
let nodes: RunningServer[] = [];
let hooks: WebhookReceiver | null = null;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.cleanup();
});
afterEach(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
  nodes = [];
  await hooks?.close();
  hooks = null;
});

async function admin(node: RunningServer, path: string, method = 'GET'): Promise<Response> {
  return fetch(`${node.httpUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}` },
  });
}

/** The one method the test needs from a raw Redis connection. */
interface RedisOperator {
  sendCommand(args: string[]): Promise<unknown>;
}

/** The Redis client id of `node`'s subscriber connection (named after its channel). */
async function subscriberOf(operator: RedisOperator, node: RunningServer): Promise<string> {
  const list: unknown = await operator.sendCommand(['CLIENT', 'LIST']);
  if (typeof list !== 'string') throw new Error('CLIENT LIST did not answer a string');
  const line = list
    .split('\n')
    .find((l) => l.includes(`name=confab:n:${node.server.hub.nodeId}:subscriber `));
  const id = /^id=(\d+)/.exec(line ?? '')?.[1];
  if (id === undefined) throw new Error(`no subscriber connection of ${node.server.hub.nodeId}`);
  return id;
}

describe('admin actions across nodes', () => {
  it('list members of every node, remove one on the other node, end a room everywhere', async () => {
    hooks = await WebhookReceiver.start(SECRET);
    nodes = await startRedisNodes(redis, 2, {
      adminToken: TOKEN,
      webhookUrls: [hooks.url],
      webhookSecret: SECRET,
    });
    await expect.poll(() => nodes.every((node) => node.server.isReady())).toBe(true);
    const [a, b] = nodes;
    if (a === undefined || b === undefined) throw new Error('unreachable');
    const ann = await a.member('cross', 'Ann');
    const bob = await b.member('cross', 'Bob');
    const carol = await b.member('cross', 'Carol');

    const listed = (await (await admin(b, adminPaths.rooms)).json()) as AdminRoomsResponse;
    const room = listed.rooms.find((r) => r.room === 'cross');
    expect(room?.members.map((m) => [m.name, m.node === b.server.hub.nodeId])).toEqual([
      ['Ann', false],
      ['Bob', true],
      ['Carol', true],
    ]);

    const removed = await admin(b, adminPaths.removeMember('cross', ann.id), 'POST');
    expect(removed.status).toBe(200);
    expect(await ann.client.nextOf('error')).toMatchObject({ code: 'removed' });
    expect((await ann.client.closed).code).toBe(1008);
    expect(await bob.client.nextOf('peer-left')).toEqual({ type: 'peer-left', id: ann.id });

    const ended = await admin(a, adminPaths.endRoom('cross'), 'POST');
    expect(await ended.json()).toEqual({ room: 'cross', ended: 2 });
    for (const gone of [bob, carol])
      expect(await gone.client.nextOf('error')).toMatchObject({ code: 'meeting-ended' });

    // Each node sent the events it saw, signed; together they tell the whole story.
    const receiver = hooks;
    await receiver.until(() => receiver.accepted().length === 8, 'eight events');
    const story = receiver
      .accepted()
      .sort((x, y) => x.timestamp - y.timestamp)
      .map((e) => `${e.type} ${e.participant?.name ?? ''} ${e.reason ?? ''}`.trim());
    expect(story.slice(0, 4)).toEqual([
      'room.started',
      'participant.joined Ann',
      'participant.joined Bob',
      'participant.joined Carol',
    ]);
    expect(story[4]).toBe('participant.left Ann removed');
    expect(story.slice(5, 7).sort()).toEqual([
      'participant.left Bob meeting-ended',
      'participant.left Carol meeting-ended',
    ]);
    expect(story[7]).toBe('room.ended');
    expect(receiver.received.every((r) => r.signature === 'ok')).toBe(true);
  });

  // Node A's subscriber connection is cut (and kept away) just before the removal, so the
  // "your place ended" verdict is published to nobody, as when it is merely slower than
  // A's next lease renewal: the renewal reads the token's tombstone and the member hears
  // "removed", not "your place in the room was lost".
  it('a member whose node missed the removal verdict still hears "removed"', async () => {
    nodes = await startRedisNodes(redis, 2, { adminToken: TOKEN });
    await expect.poll(() => nodes.every((node) => node.server.isReady())).toBe(true);
    const [a, b] = nodes;
    if (a === undefined || b === undefined) throw new Error('unreachable');
    const ann = await a.member('missed', 'Ann');
    const bob = await b.member('missed', 'Bob');
    const operator = createClient({ url: redis.url });
    await operator.connect();
    try {
      // New connections are refused for a moment, so node A's subscriber stays away.
      await operator.sendCommand(['ACL', 'SETUSER', 'default', 'off']);
      await operator.sendCommand(['CLIENT', 'KILL', 'ID', await subscriberOf(operator, a)]);
      const removed = await admin(b, adminPaths.removeMember('missed', ann.id), 'POST');
      expect(removed.status).toBe(200);
      expect(await ann.client.nextOf('error')).toMatchObject({ code: 'removed' });
    } finally {
      await operator.sendCommand(['ACL', 'SETUSER', 'default', 'on']);
      await operator.quit();
    }
    expect((await ann.client.closed).code).toBe(1008);
    expect(await bob.client.nextOf('peer-left')).toEqual({ type: 'peer-left', id: ann.id });
  });
});
