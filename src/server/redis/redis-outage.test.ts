import { afterEach, describe, expect, it } from 'vitest';
import { readiness, startRedisNodes } from '../test-support/redis-nodes.js';
import { startRedis, type RunningRedis } from '../test-support/redis-server.js';
import type { RunningServer } from '../test-support/test-server.js';

// Redis going away and coming back (empty: no persistence) under running nodes.

let redis: RunningRedis | undefined;
let nodes: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
  nodes = [];
  await redis?.cleanup();
  redis = undefined;
});

async function refusedJoin(node: RunningServer): Promise<{ code: string; close: number }> {
  const client = await node.connect();
  client.send({ type: 'join', v: 3, room: 'r', name: 'Late' });
  const error = await client.nextOf('error');
  return { code: error.code, close: (await client.closed).code };
}

describe('Redis unavailable', () => {
  it('starts without Redis: not ready, joins refused with unavailable/1013; ready once Redis is up', async () => {
    redis = await startRedis();
    await redis.stop();
    nodes = await startRedisNodes(redis, 1);
    const [node] = nodes;
    if (!node) throw new Error('unreachable');
    expect(await readiness(node)).toBe(503);
    expect((await fetch(`${node.httpUrl}/healthz`)).status).toBe(200);
    expect(await refusedJoin(node)).toEqual({ code: 'unavailable', close: 1013 });
    const metrics = await (await fetch(`${node.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/^confab_redis_up 0$/m);

    await redis.restart();
    await expect.poll(() => readiness(node), { timeout: 10_000 }).toBe(200);
    const ann = await node.member('r', 'Ann');
    expect(ann.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('survives a Redis restart: members keep their connections, ids, peers and resume tokens', async () => {
    redis = await startRedis();
    nodes = await startRedisNodes(redis, 2, { resumeGraceMs: 30_000 });
    const [a, b] = nodes;
    if (!a || !b) throw new Error('unreachable');
    await expect.poll(() => a.server.isReady() && b.server.isReady()).toBe(true);
    const ann = await a.member('r', 'Ann');
    const bobClient = await b.connect();
    const bob = await bobClient.join('r', 'Bob');
    // Dave is away (dropped, inside his grace period) when Redis loses everything.
    const daveClient = await b.connect();
    const dave = await daveClient.join('r', 'Dave');
    daveClient.drop();
    await expect.poll(() => b.server.hub.stats().members).toBe(1);

    await redis.stop();
    await expect.poll(() => readiness(a)).toBe(503);
    await expect.poll(() => readiness(b)).toBe(503);
    expect(await refusedJoin(b)).toEqual({ code: 'unavailable', close: 1013 });
    // What needs no shared state still works on the open connections.
    await ann.client.roundTrip();
    await bobClient.roundTrip();

    await redis.restart();
    await expect.poll(() => readiness(a), { timeout: 10_000 }).toBe(200);
    await expect.poll(() => readiness(b), { timeout: 10_000 }).toBe(200);
    expect(ann.client.isClosed || bobClient.isClosed).toBe(false);

    // Both were restored by their nodes: signals flow, a newcomer sees them, oldest first.
    ann.client.send({ type: 'signal', to: bob.self.id, data: { candidate: null } });
    expect(await bobClient.nextOf('signal')).toMatchObject({ from: ann.id });
    const carol = await a.connect();
    const carolWelcome = await carol.join('r', 'Carol');
    expect(carolWelcome.peers).toEqual([
      { id: ann.id, name: 'Ann' },
      { id: bob.self.id, name: 'Bob' },
    ]);
    // Dave had no node to restore him: the others are told he left.
    expect(await ann.client.nextOf('peer-left')).toEqual({ type: 'peer-left', id: dave.self.id });
    expect(await bobClient.nextOf('peer-left')).toEqual({ type: 'peer-left', id: dave.self.id });
    // Bob's resume token survived the restart (restored as a hash).
    bobClient.drop();
    const back = await a.connect();
    expect((await back.join('r', 'Bob', { resume: bob.resume })).self.id).toBe(bob.self.id);
  });
});
