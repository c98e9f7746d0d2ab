import { afterEach, describe, expect, it } from 'vitest';
import { startRedis, type RunningRedis } from '../server/test-support/redis-server.js';
import { startConfabNode, stopConfabNodes, type ConfabNode } from './test-support/confab-nodes.js';

let redis: RunningRedis | undefined;
let nodes: ConfabNode[] = [];
afterEach(async () => {
  await stopConfabNodes(nodes);
  nodes = [];
  await redis?.cleanup();
  redis = undefined;
});

describe('confab serve --redis (real process)', () => {
  it('never logs the Redis password, whether it is right or wrong', async () => {
    redis = await startRedis('correct-horse-battery');
    const good = await startConfabNode(redis.url);
    const bad = await startConfabNode(redis.url.replace('correct-horse-battery', 'wrong-staple'));
    nodes = [good, bad];
    await good.ready();
    await bad.proc.waitForLog((line) => line['msg'] === 'redis unavailable');
    expect((await fetch(`${good.httpUrl}/readyz`)).status).toBe(200);
    expect((await fetch(`${bad.httpUrl}/readyz`)).status).toBe(503);
    const client = await good.connect();
    await client.join('r', 'Ann');
    client.drop();
    for (const node of nodes) {
      const output = node.proc.stdout() + node.proc.stderr();
      expect(output).not.toContain('correct-horse-battery');
      expect(output).not.toContain('wrong-staple');
    }
  });
});
