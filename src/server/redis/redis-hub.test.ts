import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SignalData } from '../../protocol/index.js';
import { startRedisNodes } from '../test-support/redis-nodes.js';
import { startRedis, type RunningRedis } from '../test-support/redis-server.js';
import type { RunningServer } from '../test-support/test-server.js';

// Protocol v1 across nodes: members of one room on different in-process nodes, sharing a
// real redis-server, see exactly what they would see on a single node.

let redis: RunningRedis;
let nodes: RunningServer[] = [];
let roomCounter = 0;
/** Each test uses fresh rooms, so tests can share one Redis. */
const room = (): string => `room-${String(++roomCounter)}`;

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

const offer = (sdp: string): SignalData => ({ description: { type: 'offer', sdp } });
const answer = (sdp: string): SignalData => ({ description: { type: 'answer', sdp } });
const candidate = (n: number): SignalData => ({
  candidate: { candidate: `candidate:${String(n)}`, sdpMid: '0', sdpMLineIndex: 0 },
});

describe('one room across two nodes', () => {
  it('joins, relays both ways with from stamped, and reports leave as peer-left', async () => {
    const [a, b] = await twoNodes();
    const r = room();
    const ann = await a.member(r, 'Ann');
    const bobClient = await b.connect();
    const bobWelcome = await bobClient.join(r, 'Bob');
    expect(bobWelcome.peers).toEqual([{ id: ann.id, name: 'Ann' }]);
    expect(await ann.client.nextOf('peer-joined')).toEqual({
      type: 'peer-joined',
      peer: { id: bobWelcome.self.id, name: 'Bob' },
    });
    bobClient.send({ type: 'signal', to: ann.id, data: offer('from bob') });
    expect(await ann.client.nextOf('signal')).toEqual({
      type: 'signal',
      from: bobWelcome.self.id,
      data: offer('from bob'),
    });
    ann.client.send({ type: 'signal', to: bobWelcome.self.id, data: { candidate: null } });
    expect(await bobClient.nextOf('signal')).toMatchObject({ from: ann.id });

    const carol = await a.member(r, 'Carol');
    const carolWelcome = carol.client.received[0];
    expect(carolWelcome).toMatchObject({
      peers: [
        { id: ann.id, name: 'Ann' },
        { id: bobWelcome.self.id, name: 'Bob' },
      ],
    });
    bobClient.send({ type: 'leave' });
    expect(await ann.client.nextOf('peer-left')).toEqual({
      type: 'peer-left',
      id: bobWelcome.self.id,
    });
    expect(await carol.client.nextOf('peer-left')).toMatchObject({ id: bobWelcome.self.id });
    const metrics = await (await fetch(`${a.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/^confab_cross_node_messages_total\{direction="received"\} [1-9]/m);
    expect(metrics).toMatch(/^confab_cross_node_messages_total\{direction="sent"\} [1-9]/m);
    expect(metrics).toMatch(/^confab_redis_latency_seconds_count\{operation="relay"\} [1-9]/m);
    expect(metrics).toMatch(/^confab_redis_up 1$/m);
  });

  it('answers unknown-peer for members of other rooms on other nodes, and for itself', async () => {
    const [a, b] = await twoNodes();
    const ann = await a.member(room(), 'Ann');
    const eve = await b.member(room(), 'Eve');
    eve.client.send({ type: 'signal', to: ann.id, data: offer('x') });
    expect(await eve.client.next()).toMatchObject({ type: 'error', code: 'unknown-peer' });
    eve.client.send({ type: 'signal', to: eve.id, data: offer('x') });
    expect(await eve.client.next()).toMatchObject({ type: 'error', code: 'unknown-peer' });
    await eve.client.roundTrip();
    await ann.client.roundTrip();
    expect(ann.client.all('signal')).toEqual([]);
  });

  it('keeps one sender’s order across nodes', async () => {
    const [a, b] = await twoNodes();
    const r = room();
    const ann = await a.member(r, 'Ann');
    const bob = await b.member(r, 'Bob');
    for (let i = 0; i < 150; i++)
      bob.client.send({ type: 'signal', to: ann.id, data: offer(`sdp ${String(i)}`) });
    const sdps: string[] = [];
    for (let i = 0; i < 150; i++) {
      const message = await ann.client.nextOf('signal');
      if ('description' in message.data) sdps.push(message.data.description.sdp);
    }
    expect(sdps).toEqual(Array.from({ length: 150 }, (_, i) => `sdp ${String(i)}`));
  });
});

describe('resume across nodes', () => {
  it('takes a token from node A on node B: same id, buffered signals in order, no peer-left', async () => {
    const [a, b] = await twoNodes();
    const r = room();
    const ann = await b.member(r, 'Ann');
    const bobOnA = await a.connect();
    const first = await bobOnA.join(r, 'Bob');
    bobOnA.drop();
    await expect
      .poll(async () => (await a.server.metrics.connections.get()).values[0]?.value)
      .toBe(0);
    // Answers: a newer offer would replace older ones in the buffer (the contract suite).
    for (let i = 0; i < 5; i++)
      ann.client.send({ type: 'signal', to: first.self.id, data: answer(`sdp ${String(i)}`) });
    await ann.client.roundTrip();
    expect(ann.client.all('error')).toEqual([]);

    const bobOnB = await b.connect();
    const second = await bobOnB.join(r, 'Bob', { resume: first.resume });
    expect(second.self).toEqual(first.self);
    expect(second.peers).toEqual([{ id: ann.id, name: 'Ann' }]);
    const sdps = [];
    for (let i = 0; i < 5; i++) {
      const message = await bobOnB.nextOf('signal');
      sdps.push('description' in message.data ? message.data.description.sdp : '');
    }
    expect(sdps).toEqual(['sdp 0', 'sdp 1', 'sdp 2', 'sdp 3', 'sdp 4']);
    await ann.client.roundTrip();
    expect(ann.client.all('peer-left')).toEqual([]);

    const replay = await a.connect();
    replay.send({ type: 'join', v: 3, room: r, name: 'Bob', resume: first.resume });
    expect(await replay.next()).toMatchObject({ type: 'error', code: 'resume-failed' });
  });

  it('supersedes a half-open connection on the other node (close 1000, no peer-left)', async () => {
    const [a, b] = await twoNodes();
    const r = room();
    const ann = await a.member(r, 'Ann');
    const old = await a.connect();
    const welcome = await old.join(r, 'Bob');
    const fresh = await b.connect();
    expect((await fresh.join(r, 'Bob', { resume: welcome.resume })).self.id).toBe(welcome.self.id);
    expect((await old.closed).code).toBe(1000);
    ann.client.send({ type: 'signal', to: welcome.self.id, data: { candidate: null } });
    expect(await fresh.nextOf('signal')).toMatchObject({ from: ann.id });
    await ann.client.roundTrip();
    expect(ann.client.all('peer-left')).toEqual([]);
  });

  it('ends the slot after the grace period: the other node says peer-left, resume fails', async () => {
    const [a, b] = await twoNodes({ resumeGraceMs: 300 });
    const r = room();
    const ann = await b.member(r, 'Ann');
    const bob = await a.connect();
    const welcome = await bob.join(r, 'Bob');
    bob.drop();
    expect(await ann.client.nextOf('peer-left')).toEqual({
      type: 'peer-left',
      id: welcome.self.id,
    });
    const late = await b.connect();
    late.send({ type: 'join', v: 3, room: r, name: 'Bob', resume: welcome.resume });
    expect(await late.next()).toMatchObject({ type: 'error', code: 'resume-failed' });
  });

  it('keeps the newest signals of an absent member whose backlog overflows, on any node', async () => {
    const [a, b] = await twoNodes({ resumeBufferMessages: 3 });
    const r = room();
    const ann = await a.member(r, 'Ann');
    const carol = await b.member(r, 'Carol');
    const bob = await b.connect();
    const welcome = await bob.join(r, 'Bob');
    bob.drop();
    await expect
      .poll(async () => (await b.server.metrics.connections.get()).values[0]?.value)
      .toBe(1);
    for (let i = 0; i < 5; i++)
      ann.client.send({ type: 'signal', to: welcome.self.id, data: candidate(i) });
    await ann.client.roundTrip();
    const back = await a.connect();
    expect((await back.join(r, 'Bob', { resume: welcome.resume })).self).toEqual(welcome.self);
    await back.roundTrip();
    expect(back.all('signal').map((signal) => signal.data)).toEqual([2, 3, 4].map(candidate));
    await carol.client.roundTrip();
    expect([...ann.client.all('peer-left'), ...carol.client.all('peer-left')]).toEqual([]);
  });
});
