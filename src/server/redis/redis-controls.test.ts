import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedisNodes } from '../test-support/redis-nodes.js';
import { startRedis, type RunningRedis } from '../test-support/redis-server.js';
import type { RunningServer } from '../test-support/test-server.js';

// The room controls across nodes: the host on one node, the others on another, one real
// redis-server. A member (or newcomer) on another node is refused, admitted or removed just
// the same.

let redis: RunningRedis;
let nodes: RunningServer[] = [];
let roomCounter = 0;
const room = (): string => `controls-${String(++roomCounter)}`;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.cleanup();
});
afterEach(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
  nodes = [];
});

async function twoNodes(options: Parameters<typeof startRedisNodes>[2] = {}) {
  nodes = await startRedisNodes(redis, 2, options);
  await expect.poll(() => nodes.every((node) => node.server.isReady())).toBe(true);
  const [a, b] = nodes;
  if (!a || !b) throw new Error('unreachable');
  return [a, b] as const;
}

describe('room controls across two nodes', () => {
  it('lock and lobby set on one node hold on the other: refused, knock, admit', async () => {
    const [a, b] = await twoNodes();
    const r = room();
    const host = await a.member(r, 'Host');
    const bob = await b.member(r, 'Bob');
    host.client.host({ action: 'set-lock', locked: true });
    expect((await bob.client.nextOf('room-state')).room.locked).toBe(true);
    const eve = await b.connect();
    expect((await eve.refusedJoin(r, 'Eve')).code).toBe('locked');

    host.client.host({ action: 'set-lock', locked: false });
    host.client.host({ action: 'set-lobby', on: true });
    await expect
      .poll(() => bob.client.all('room-state').at(-1)?.room)
      .toMatchObject({ locked: false, lobby: true });
    const dee = await b.connect();
    await dee.knock(r, 'Dee');
    const knock = await host.client.nextOf('knock');
    expect(knock.name).toBe('Dee');
    host.client.host({ action: 'admit', id: knock.id });
    const welcome = await dee.nextOf('welcome');
    expect(welcome.self.id).toBe(knock.id);
    expect(welcome.peers.map((peer) => peer.id)).toEqual([host.id, bob.id]);
    expect((await host.client.nextOf('peer-joined')).peer.id).toBe(knock.id);
    // The admitted member's signals flow like anyone's.
    dee.send({ type: 'signal', to: host.id, data: { candidate: null } });
    expect((await host.client.nextOf('signal')).from).toBe(knock.id);

    const fay = await b.connect();
    await fay.knock(r, 'Fay');
    const faysKnock = await host.client.nextOf('knock');
    host.client.host({ action: 'deny', id: faysKnock.id });
    expect((await fay.nextOf('error')).code).toBe('denied');
    await fay.closed;
    const gus = await a.connect();
    await gus.knock(r, 'Gus');
    const gusKnock = await host.client.nextOf('knock');
    await gus.close(1001);
    expect((await host.client.nextOf('knock-cancelled')).id).toBe(gusKnock.id);
  });

  it('removes a member on the other node: closed, its resume refused on either node', async () => {
    const [a, b] = await twoNodes();
    const r = room();
    const host = await a.member(r, 'Host');
    const carol = await b.connect();
    const welcome = await carol.join(r, 'Carol');
    host.client.host({ action: 'set-lock', locked: true });
    await carol.nextOf('room-state');
    host.client.host({ action: 'remove', id: welcome.self.id });
    expect((await carol.nextOf('error')).code).toBe('removed');
    expect((await carol.closed).code).toBe(1008);
    expect((await host.client.nextOf('peer-left')).id).toBe(welcome.self.id);
    for (const node of [a, b]) {
      const back = await node.connect();
      expect((await back.refusedJoin(r, 'Carol', { resume: welcome.resume })).code).toBe('removed');
      const fresh = await node.connect();
      expect((await fresh.refusedJoin(r, 'Carol')).code).toBe('locked');
    }
  });

  it('hands the host role to the oldest member on another node when the host leaves', async () => {
    const [a, b] = await twoNodes();
    const r = room();
    const host = await a.member(r, 'Host');
    const bob = await b.member(r, 'Bob');
    const carol = await a.member(r, 'Carol');
    await host.client.close(1000);
    expect((await bob.client.nextOf('room-state')).room).toMatchObject({
      host: bob.id,
      waiting: [],
    });
    expect((await carol.client.nextOf('room-state')).room.host).toBe(bob.id);
    // The new host's actions work from its node.
    bob.client.host({ action: 'mute-request', id: carol.id });
    expect(await carol.client.nextOf('mute-requested')).toEqual({
      type: 'mute-requested',
      by: bob.id,
    });
    carol.client.host({ action: 'set-lock', locked: true });
    expect((await carol.client.nextOf('error')).code).toBe('forbidden');
  });

  it('keeps the passcode and its try limits for every node', async () => {
    const [a, b] = await twoNodes({ passcodeTriesPerIp: 2, passcodeTriesPerRoom: 20 });
    const r = room();
    const host = await a.connect();
    await host.join(r, 'Host', { passcode: 'shared-secret' });
    const right = await b.connect();
    expect((await right.join(r, 'Bob', { passcode: 'shared-secret' })).room.passcode).toBe(true);
    const guess = async (node: RunningServer, passcode: string) => {
      const client = await node.connect({ localAddress: '127.0.0.7' });
      return (await client.refusedJoin(r, 'Eve', { passcode })).code;
    };
    expect(await guess(a, 'wrong-one')).toBe('passcode-wrong');
    expect(await guess(b, 'wrong-two')).toBe('passcode-wrong');
    // Two wrong tries from this address, over both nodes: the third is refused on either.
    expect(await guess(a, 'shared-secret')).toBe('passcode-limited');
    expect(await guess(b, 'shared-secret')).toBe('passcode-limited');
  });

  it('ends the meeting for members on every node', async () => {
    const [a, b] = await twoNodes();
    const r = room();
    const host = await a.member(r, 'Host');
    const bob = await b.member(r, 'Bob');
    const carol = await a.member(r, 'Carol');
    host.client.host({ action: 'end-meeting' });
    for (const { client } of [host, bob, carol]) {
      expect((await client.nextOf('error')).code).toBe('meeting-ended');
      expect((await client.closed).code).toBe(1000);
    }
    const fresh = await b.connect();
    const welcome = await fresh.join(r, 'Fresh');
    expect(welcome.peers).toEqual([]);
    expect(welcome.room.host).toBe(welcome.self.id);
  });
});
