import { createClient } from 'redis';
import { afterEach, describe, expect, it } from 'vitest';
import type { SignalData, WelcomeMessage } from '../protocol/index.js';
import { startRedis, type RunningRedis } from '../server/test-support/redis-server.js';
import type { TestClient } from '../server/test-support/test-client.js';
import { startConfabNodes, stopConfabNodes, type ConfabNode } from './test-support/confab-nodes.js';
import { relayBarrier } from './test-support/relay-census.js';

// Real `confab serve --redis` processes dying, draining, and losing Redis under a meeting.

let redis: RunningRedis | undefined;
let nodes: ConfabNode[] = [];
afterEach(async () => {
  await stopConfabNodes(nodes);
  nodes = [];
  await redis?.cleanup();
  redis = undefined;
});

interface Member {
  readonly client: TestClient;
  readonly welcome: WelcomeMessage;
  readonly id: string;
}

async function join(node: ConfabNode, name: string, resume?: string): Promise<Member> {
  const client = await node.connect();
  const welcome = await client.join('m', name, resume === undefined ? {} : { resume });
  return { client, welcome, id: welcome.self.id };
}

async function start(count: number, args: readonly string[]): Promise<ConfabNode[]> {
  redis = await startRedis();
  nodes = await startConfabNodes(count, redis.url, args);
  return nodes;
}

// Answers: a newer offer would replace a sender's older ones in the resume buffer.
const sdp = (text: string): SignalData => ({ description: { type: 'answer', sdp: text } });
const sdps = (messages: readonly { data: SignalData }[]): string[] =>
  messages.map((message) => ('description' in message.data ? message.data.description.sdp : ''));

/** Waits until Redis has dropped the dead node's subscription (nothing to await on). */
async function subscriptionGone(url: string, node: ConfabNode): Promise<void> {
  const nodeId = String(node.proc.logs().find((line) => line['node'] !== undefined)?.['node']);
  const client = createClient({ url });
  await client.connect();
  const channel = `confab:n:${nodeId}`;
  await expect
    .poll(() => client.sendCommand<unknown>(['PUBSUB', 'NUMSUB', channel]))
    .toEqual([channel, 0]);
  await client.close();
}

describe('a node dies (SIGKILL)', () => {
  it('loses no meeting: its members resume on another node with their ids and missed signals; one that never returns is told peer-left', async () => {
    const [n0, n1, n2] = await start(3, ['--redis-lease', '1', '--resume-grace', '3']);
    if (!n0 || !n1 || !n2 || !redis) throw new Error('unreachable');
    const ann = await join(n0, 'Ann');
    const bob = await join(n1, 'Bob');
    const dan = await join(n1, 'Dan');
    const carol = await join(n2, 'Carol');
    for (let i = 0; i < 3; i++) await ann.client.nextOf('peer-joined');

    const killedAt = Date.now();
    await n1.proc.kill('SIGKILL');
    expect((await bob.client.closed).code).toBe(1006);
    await subscriptionGone(redis.url, n1);
    for (let i = 0; i < 3; i++)
      ann.client.send({ type: 'signal', to: bob.id, data: sdp(`ann ${String(i)}`) });
    for (let i = 0; i < 2; i++)
      carol.client.send({ type: 'signal', to: bob.id, data: sdp(`carol ${String(i)}`) });
    await relayBarrier(ann.client, ann.id);
    await relayBarrier(carol.client, carol.id);
    expect(ann.client.all('error')).toHaveLength(1);

    const back = await join(n2, 'Bob', bob.welcome.resume);
    const resumedMs = Date.now() - killedAt;
    expect(back.welcome.self).toEqual(bob.welcome.self);
    expect(back.welcome.peers.map((peer) => peer.id)).toEqual([ann.id, dan.id, carol.id]);
    for (let i = 0; i < 5; i++) await back.client.nextOf('signal');
    const missed = back.client.all('signal');
    expect(sdps(missed.filter((m) => m.from === ann.id))).toEqual(['ann 0', 'ann 1', 'ann 2']);
    expect(sdps(missed.filter((m) => m.from === carol.id))).toEqual(['carol 0', 'carol 1']);

    // Dan never comes back: after his lease and grace the survivors say so, once.
    expect(await ann.client.nextOf('peer-left', 15_000)).toEqual({ type: 'peer-left', id: dan.id });
    const peerLeftMs = Date.now() - killedAt;
    expect(await carol.client.nextOf('peer-left', 15_000)).toMatchObject({ id: dan.id });
    expect(await back.client.nextOf('peer-left', 15_000)).toMatchObject({ id: dan.id });
    await relayBarrier(ann.client, ann.id);
    expect(ann.client.all('peer-left')).toEqual([{ type: 'peer-left', id: dan.id }]);
    expect(carol.client.all('peer-left')).toEqual([{ type: 'peer-left', id: dan.id }]);
    console.log(
      `SIGKILL: resumed on another node ${String(resumedMs)} ms after the kill (5/5 missed ` +
        `signals delivered); peer-left for the absent member after ${String(peerLeftMs)} ms ` +
        `(lease 1 s + grace 3 s)`,
    );
  });
});

describe('a node drains (SIGTERM)', () => {
  it('hands its members over: server-shutdown, 1012, resume elsewhere with the same ids, no peer-left', async () => {
    const [n0, n1] = await start(2, ['--redis-lease', '1', '--drain-timeout', '5']);
    if (!n0 || !n1) throw new Error('unreachable');
    const ann = await join(n0, 'Ann');
    const bob = await join(n1, 'Bob');
    const carol = await join(n1, 'Carol');

    n1.proc.child.kill('SIGTERM');
    for (const member of [bob, carol]) {
      expect(await member.client.nextOf('error')).toMatchObject({ code: 'server-shutdown' });
      expect((await member.client.closed).code).toBe(1012);
    }
    const bobBack = await join(n0, 'Bob', bob.welcome.resume);
    const carolBack = await join(n0, 'Carol', carol.welcome.resume);
    expect(bobBack.id).toBe(bob.id);
    expect(carolBack.id).toBe(carol.id);
    expect(await n1.proc.exited).toEqual({ code: 0, signal: null });

    ann.client.send({ type: 'signal', to: carol.id, data: sdp('after drain') });
    expect(await carolBack.client.nextOf('signal')).toMatchObject({ from: ann.id });
    await relayBarrier(ann.client, ann.id);
    expect(ann.client.all('peer-left')).toEqual([]);
  });
});

describe('Redis restarts (empty)', () => {
  it('nodes turn unready, refuse joins, then recover by themselves with the meeting intact', async () => {
    const [n0, n1] = await start(2, ['--redis-lease', '1']);
    if (!n0 || !n1 || !redis) throw new Error('unreachable');
    const ann = await join(n0, 'Ann');
    const bob = await join(n1, 'Bob');

    await redis.stop();
    for (const node of [n0, n1])
      await expect.poll(async () => (await fetch(`${node.httpUrl}/readyz`)).status).toBe(503);
    const refused = await n1.connect();
    refused.send({ type: 'join', v: 3, room: 'm', name: 'Too early' });
    expect(await refused.next()).toMatchObject({ type: 'error', code: 'unavailable' });
    expect((await refused.closed).code).toBe(1013);

    const restartedAt = Date.now();
    await redis.restart();
    await Promise.all([n0.ready(restartedAt), n1.ready(restartedAt)]);
    const recoveredMs = Date.now() - restartedAt;
    for (const node of [n0, n1]) expect((await fetch(`${node.httpUrl}/readyz`)).status).toBe(200);

    const carol = await join(n1, 'Carol');
    expect(carol.welcome.peers.map((peer) => peer.id)).toEqual([ann.id, bob.id]);
    ann.client.send({ type: 'signal', to: bob.id, data: sdp('after restart') });
    expect(await bob.client.nextOf('signal')).toMatchObject({ from: ann.id });
    console.log(
      `Redis restart: both nodes ready again ${String(recoveredMs)} ms after Redis came back ` +
        `(restore window = lease 1 s); no node restarted`,
    );
  });
});
