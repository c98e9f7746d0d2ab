import { afterEach, describe, expect, it } from 'vitest';
import { startNginx, type RunningNginx } from '../server/test-support/nginx.js';
import { startRedis, type RunningRedis } from '../server/test-support/redis-server.js';
import { TestClient } from '../server/test-support/test-client.js';
import { startConfabNodes, stopConfabNodes, type ConfabNode } from './test-support/confab-nodes.js';

// deploy/nginx as shipped, in front of two real nodes sharing a real Redis.

let redis: RunningRedis | undefined;
let nodes: ConfabNode[] = [];
let nginx: RunningNginx | undefined;
afterEach(async () => {
  await nginx?.stop();
  await stopConfabNodes(nodes);
  await redis?.cleanup();
  nginx = undefined;
  nodes = [];
  redis = undefined;
});

/** The node that logged this member's join (its log line may trail the welcome). */
function nodeOf(peerId: string): Promise<ConfabNode> {
  const joined = (line: Record<string, unknown>): boolean =>
    line['msg'] === 'joined' && line['peer'] === peerId;
  return Promise.any(
    nodes.map(async (node) => {
      await node.proc.waitForLog(joined, 5000);
      return node;
    }),
  );
}

describe('two nodes behind nginx (deploy/nginx)', () => {
  it('proxies the app and WebSockets; a draining node’s members resume through nginx on the other', async () => {
    redis = await startRedis();
    nodes = await startConfabNodes(2, redis.url, ['--redis-lease', '1', '--trust-proxy']);
    nginx = await startNginx(nodes.map((node) => node.port));
    expect((await fetch(`${nginx.httpUrl}/readyz`)).status).toBe(200);
    expect((await fetch(`${nginx.httpUrl}/metrics`)).status).toBe(404);

    const ann = await TestClient.connect(nginx.wsUrl);
    const annWelcome = await ann.join('standup', 'Ann');
    const bob = await TestClient.connect(nginx.wsUrl);
    const bobWelcome = await bob.join('standup', 'Bob');
    expect(bobWelcome.peers).toEqual([{ id: annWelcome.self.id, name: 'Ann' }]);
    // Round robin put them on different nodes.
    const bobsNode = await nodeOf(bobWelcome.self.id);
    expect(await nodeOf(annWelcome.self.id)).not.toBe(bobsNode);

    bobsNode.proc.child.kill('SIGTERM');
    expect(await bob.nextOf('error')).toMatchObject({ code: 'server-shutdown' });
    expect((await bob.closed).code).toBe(1012);
    const back = await TestClient.connect(nginx.wsUrl);
    const resumed = await back.join('standup', 'Bob', { resume: bobWelcome.resume });
    expect(resumed.self).toEqual(bobWelcome.self);

    ann.send({ type: 'signal', to: bobWelcome.self.id, data: { candidate: null } });
    expect(await back.nextOf('signal')).toMatchObject({ from: annWelcome.self.id });
    await ann.roundTrip();
    expect(ann.all('peer-left')).toEqual([]);
    for (const client of [ann, back]) client.drop();
  });

  it('counts clients by the address nginx saw, whatever X-Forwarded-For they send; Origin is checked against the page’s host', async () => {
    redis = await startRedis();
    nodes = await startConfabNodes(2, redis.url, [
      ...['--redis-lease', '1', '--trust-proxy', '--max-connections-per-ip', '2'],
    ]);
    nginx = await startNginx(nodes.map((node) => node.port));
    const proxy = nginx;
    const opened: TestClient[] = [];
    let refused = 0;
    for (let i = 0; i < 20; i++) {
      const client = await TestClient.connect(proxy.wsUrl, {
        headers: { 'x-forwarded-for': `203.0.113.${String(i)}` },
      }).catch(() => null);
      if (client === null) refused++;
      else opened.push(client);
    }
    // Two per node, both nodes: 4 of 20, however the client varied its header.
    expect(opened.length).toBeLessThanOrEqual(4);
    expect(refused).toBeGreaterThanOrEqual(16);
    for (const client of opened) client.drop();
    const seen = nodes.flatMap((node) =>
      node.proc.logs().filter((line) => line['msg'] === 'upgrade refused'),
    );
    expect(new Set(seen.map((line) => line['ip']))).toEqual(new Set(['127.0.0.1']));

    // Pages served through nginx may open the WebSocket; other sites may not.
    const open = async (node: ConfabNode): Promise<string> => {
      const text = await (await fetch(`${node.httpUrl}/metrics`)).text();
      return /^confab_connections (\d+)$/m.exec(text)?.[1] ?? '?';
    };
    await expect.poll(() => Promise.all(nodes.map(open))).toEqual(['0', '0']);
    const own = await TestClient.connect(proxy.wsUrl, { origin: proxy.httpUrl }).catch(
      (error: unknown) => String(error),
    );
    expect(own).toBeInstanceOf(TestClient);
    if (own instanceof TestClient) own.drop();
    await expect(
      TestClient.connect(proxy.wsUrl, { origin: 'https://evil.example.com' }),
    ).rejects.toThrow(/403/);
  });
});
