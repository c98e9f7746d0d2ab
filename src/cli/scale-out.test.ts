import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RunningRedis } from '../server/test-support/redis-server.js';
import type { TestClient } from '../server/test-support/test-client.js';
import { startConfabNodes, stopConfabNodes, type ConfabNode } from './test-support/confab-nodes.js';
import {
  FENCE,
  awaitFences,
  relayBarrier,
  taggedSignal,
  takeCensus,
  type CensusMember,
} from './test-support/relay-census.js';

// Three real `confab serve --redis` processes sharing one real redis-server.

let redis: RunningRedis;
let nodes: ConfabNode[] = [];
const opened: TestClient[] = [];

beforeAll(async () => {
  redis = await startRedis();
  // Dozens of clients from one address (this machine): a load test, not one user.
  nodes = await startConfabNodes(3, redis.url, [
    ...['--rate-limit', '5000', '--rate-burst', '5000'],
    ...['--max-connections-per-ip', '0'],
  ]);
}, 30_000);
afterAll(async () => {
  for (const client of opened) client.drop();
  await stopConfabNodes(nodes);
  await redis.cleanup();
});

function node(index: number): ConfabNode {
  const picked = nodes[index % nodes.length];
  if (!picked) throw new Error('no nodes');
  return picked;
}

async function connect(index: number): Promise<TestClient> {
  const client = await node(index).connect();
  opened.push(client);
  return client;
}

describe('signals between nodes', () => {
  it('relays offers, answers and candidates among many rooms over two and three nodes: 0 lost, 0 duplicated, 0 misrouted', async () => {
    const ROOMS = 12;
    const PER_ROOM = 4;
    const ROUNDS = 15;
    const rooms: CensusMember[][] = [];
    for (let r = 0; r < ROOMS; r++) {
      // Even rooms span nodes 0 and 1, odd rooms all three.
      const span = r % 2 === 0 ? 2 : 3;
      const members: CensusMember[] = [];
      for (let m = 0; m < PER_ROOM; m++) {
        const client = await connect(m % span);
        const welcome = await client.join(`census-${String(r)}`, `m${String(m)}`);
        members.push({ client, id: welcome.self.id, room: `census-${String(r)}` });
      }
      rooms.push(members);
    }
    const everyone = rooms.flat();
    let legitimate = 0;
    let forged = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const [r, members] of rooms.entries()) {
        for (const sender of members) {
          for (const target of members) {
            if (target === sender) continue;
            sender.client.send({
              type: 'signal',
              to: target.id,
              data: taggedSignal(sender.id, target.id, round),
            });
            legitimate++;
          }
          // A member of the next room, usually on another node: never delivered.
          const victim = rooms[(r + 1) % ROOMS]?.[round % PER_ROOM];
          if (!victim) throw new Error('unreachable');
          sender.client.send({
            type: 'signal',
            to: victim.id,
            data: taggedSignal(sender.id, victim.id, ROUNDS + round),
          });
          forged++;
        }
      }
    }
    for (const members of rooms) {
      for (const sender of members) {
        for (const target of members) {
          if (target !== sender) sender.client.send({ type: 'signal', to: target.id, data: FENCE });
        }
      }
    }
    await Promise.all(everyone.map((member) => awaitFences(member, PER_ROOM - 1)));
    await Promise.all(everyone.map((member) => relayBarrier(member.client, member.id)));

    const census = takeCensus(everyone);
    const refused = everyone.reduce(
      (sum, member) =>
        sum +
        member.client
          .all('error')
          .filter((error) => error.code === 'unknown-peer' && !error.message.includes(member.id))
          .length,
      0,
    );
    console.log(
      `rooms over 2 and 3 nodes: ${String(legitimate)} sent, ${String(census.delivered)} delivered, ` +
        `${String(legitimate - census.delivered)} lost, ${String(census.duplicated)} duplicated, ` +
        `${String(census.misrouted)} misrouted, ${String(census.outOfOrder)} out of order, ` +
        `${String(refused)}/${String(forged)} cross-room refused`,
    );
    expect(census).toEqual({ delivered: legitimate, duplicated: 0, misrouted: 0, outOfOrder: 0 });
    expect(refused).toBe(forged);
  });
});

describe('room capacity across nodes', () => {
  it('admits exactly 8 of 20 clients racing into one room through three nodes', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const room = `race-${String(attempt)}`;
      const clients = await Promise.all(Array.from({ length: 20 }, (_, i) => connect(i)));
      clients.forEach((client, i) => {
        client.send({ type: 'join', v: 3, room, name: `p${String(i)}` });
      });
      const replies = await Promise.all(clients.map((client) => client.next()));
      const welcomes = replies.filter((reply) => reply.type === 'welcome');
      const full = replies.filter((reply) => reply.type === 'error' && reply.code === 'room-full');
      expect(welcomes).toHaveLength(8);
      expect(full).toHaveLength(12);

      // Everyone admitted ends up knowing exactly the other seven.
      const ids = welcomes.map((welcome) => welcome.self.id);
      for (const client of clients) {
        const [welcome] = client.all('welcome');
        if (welcome === undefined) {
          expect((await client.closed).code).toBe(1008);
          continue;
        }
        const known = new Set(welcome.peers.map((peer) => peer.id));
        while (known.size < 7) known.add((await client.nextOf('peer-joined')).peer.id);
        expect([...known].sort()).toEqual(ids.filter((id) => id !== welcome.self.id).sort());
      }
      for (const client of clients) client.drop();
    }
  });
});
