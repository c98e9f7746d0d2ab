import { afterEach, describe, expect, it } from 'vitest';
import type { SignalData } from '../protocol/index.js';
import { startTestServer, type RunningServer } from './test-support/test-server.js';
import type { TestClient } from './test-support/test-client.js';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

const offer: SignalData = {
  description: { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' },
};
const answer: SignalData = { description: { type: 'answer', sdp: 'v=0\r\n' } };
const candidate: SignalData = {
  candidate: {
    candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 5000 typ host',
    sdpMid: '0',
    sdpMLineIndex: 0,
    usernameFragment: 'uf',
  },
};

describe('signal relay', () => {
  it('relays offers, answers, candidates and end-of-candidates with the sender stamped as from', async () => {
    running = await startTestServer();
    const ann = await running.member('r', 'Ann');
    const bob = await running.member('r', 'Bob');
    for (const data of [offer, candidate, { candidate: null }] satisfies SignalData[]) {
      bob.client.send({ type: 'signal', to: ann.id, data });
      expect(await ann.client.nextOf('signal')).toEqual({ type: 'signal', from: bob.id, data });
    }
    ann.client.send({ type: 'signal', to: bob.id, data: answer });
    expect(await bob.client.nextOf('signal')).toEqual({
      type: 'signal',
      from: ann.id,
      data: answer,
    });
  });

  it('keeps the order of one sender’s messages', async () => {
    running = await startTestServer();
    const ann = await running.member('r', 'Ann');
    const bob = await running.member('r', 'Bob');
    for (let i = 0; i < 100; i++) {
      bob.client.send({
        type: 'signal',
        to: ann.id,
        data: { candidate: { ...candidate.candidate, sdpMLineIndex: i } },
      });
    }
    const indexes = [];
    for (let i = 0; i < 100; i++) {
      const message = await ann.client.nextOf('signal');
      if ('candidate' in message.data && message.data.candidate)
        indexes.push(message.data.candidate.sdpMLineIndex);
    }
    expect(indexes).toEqual([...Array(100).keys()]);
  });

  it('answers unknown-peer for targets outside the sender’s room, and for itself', async () => {
    running = await startTestServer();
    const ann = await running.member('room-a', 'Ann');
    const eve = await running.member('room-b', 'Eve');
    eve.client.send({ type: 'signal', to: ann.id, data: offer });
    expect(await eve.client.next()).toMatchObject({ type: 'error', code: 'unknown-peer' });
    eve.client.send({ type: 'signal', to: eve.id, data: offer });
    expect(await eve.client.next()).toMatchObject({ type: 'error', code: 'unknown-peer' });
    eve.client.send({ type: 'signal', to: 'nobody', data: offer });
    expect(await eve.client.next()).toMatchObject({ type: 'error', code: 'unknown-peer' });
    await eve.client.roundTrip();
    await ann.client.roundTrip();
    expect(ann.client.all('signal')).toEqual([]);
  });

  it('refuses signals before join with not-joined', async () => {
    running = await startTestServer();
    const ann = await running.member('r', 'Ann');
    const stranger = await running.connect();
    stranger.send({ type: 'signal', to: ann.id, data: offer });
    expect(await stranger.next()).toMatchObject({ type: 'error', code: 'not-joined' });
    await stranger.roundTrip();
    await ann.client.roundTrip();
    expect(ann.client.all('signal')).toEqual([]);
  });

  it('misroutes nothing: forged from and cross-room to among thousands of legitimate signals', async () => {
    // 32 members from one address: a load test, not one user.
    running = await startTestServer({
      rateLimitPerSecond: 100_000,
      rateLimitBurst: 100_000,
      maxConnectionsPerIp: 0,
    });
    const ROOMS = 8;
    const PER_ROOM = 4;
    const ROUNDS = 100;
    const rooms: { client: TestClient; id: string }[][] = [];
    for (let r = 0; r < ROOMS; r++) {
      const members = [];
      for (let m = 0; m < PER_ROOM; m++)
        members.push(await running.member(`room-${String(r)}`, `m${String(m)}`));
      rooms.push(members);
    }
    const roomOf = new Map<string, number>();
    rooms.forEach((members, r) => {
      for (const member of members) roomOf.set(member.id, r);
    });
    const everyone = rooms.flat();
    let legitimate = 0;
    let forged = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const [r, members] of rooms.entries()) {
        for (const sender of members) {
          for (const target of members) {
            if (target === sender) continue;
            const sdp = `v=0 from=${sender.id} to=${target.id} round=${String(round)}`;
            sender.client.send({
              type: 'signal',
              to: target.id,
              data: { description: { type: 'offer', sdp } },
            });
            legitimate++;
          }
          // Attacks: a forged from (rejected as an unknown field) and a target in another room.
          const victim = rooms[(r + 1) % ROOMS]?.[round % PER_ROOM];
          if (!victim) throw new Error('unreachable');
          sender.client.send({ type: 'signal', to: victim.id, from: victim.id, data: offer });
          sender.client.send({
            type: 'signal',
            to: victim.id,
            data: { description: { type: 'offer', sdp: `forged by ${sender.id}` } },
          });
          forged += 2;
        }
      }
    }
    for (const member of everyone) await member.client.roundTrip(10_000);
    for (const member of everyone) await member.client.roundTrip(10_000);

    let delivered = 0;
    let misrouted = 0;
    for (const member of everyone) {
      for (const message of member.client.all('signal')) {
        delivered++;
        const sdp = 'description' in message.data ? message.data.description.sdp : '';
        const [, claimedFrom, claimedTo] = /^v=0 from=(\S+) to=(\S+) /.exec(sdp) ?? [];
        const sameRoom = roomOf.get(message.from) === roomOf.get(member.id);
        if (!sameRoom || claimedFrom !== message.from || claimedTo !== member.id) misrouted++;
      }
    }
    const refused = everyone.reduce((sum, m) => sum + m.client.all('error').length, 0);
    console.log(
      `relay: ${String(legitimate)} legitimate, ${String(forged)} forged, ${String(delivered)} delivered, ${String(misrouted)} misrouted, ${String(refused)} refused`,
    );
    expect(misrouted).toBe(0);
    expect(delivered).toBe(legitimate);
    expect(refused).toBe(forged);
  });
});
