import { afterEach, describe, expect, it } from 'vitest';
import { ID_PATTERN } from '../protocol/index.js';
import { mintRoomToken } from './auth.js';
import { startTestServer, type RunningServer } from './test-support/test-server.js';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('join', () => {
  it('welcomes with a server-assigned id and the members already there, oldest first', async () => {
    running = await startTestServer();
    const ann = await running.member('standup', 'Ann');
    const bob = await running.member('standup', 'Bob');
    const carl = await running.connect();
    const welcome = await carl.join('standup', '  Carl ');
    expect(welcome.v).toBe(3);
    expect(welcome.mode).toEqual({ path: 'mesh', epoch: 0, pinned: false });
    expect(welcome.self.name).toBe('Carl');
    expect(welcome.self.id).toMatch(ID_PATTERN);
    expect(welcome.self.id.length).toBeGreaterThanOrEqual(22);
    expect(welcome.peers).toEqual([
      { id: ann.id, name: 'Ann' },
      { id: bob.id, name: 'Bob' },
    ]);
    expect(welcome.resume.length).toBeGreaterThanOrEqual(32);
    expect(welcome.iceServers).toEqual([]);
    expect(new Set([ann.id, bob.id, welcome.self.id]).size).toBe(3);
  });

  it('refuses a join of another protocol version with version-unsupported and a close', async () => {
    running = await startTestServer();
    const old = await running.connect();
    old.send({ type: 'join', v: 1, room: 'r', name: 'Old client' });
    expect(await old.nextOf('error')).toMatchObject({ code: 'version-unsupported' });
    expect(await old.closed).toMatchObject({ code: 1008 });
  });

  it('a member that joins without WebRTC is announced and listed with webrtc:false', async () => {
    running = await startTestServer();
    const ann = await running.member('r', 'Ann');
    const wes = await running.connect();
    const welcome = await wes.join('r', 'Wes', { webrtc: false });
    expect(welcome.self).toEqual({ id: welcome.self.id, name: 'Wes', webrtc: false });
    expect((await ann.client.nextOf('peer-joined')).peer).toEqual(welcome.self);
    const cy = await running.connect();
    expect((await cy.join('r', 'Cy')).peers).toEqual([{ id: ann.id, name: 'Ann' }, welcome.self]);
  });

  it('tells every other member about the newcomer, and about leaving', async () => {
    running = await startTestServer();
    const ann = await running.member('r', 'Ann');
    const bob = await running.member('r', 'Bob');
    expect(await ann.client.nextOf('peer-joined')).toEqual({
      type: 'peer-joined',
      peer: { id: bob.id, name: 'Bob' },
    });
    const carl = await running.member('r', 'Carl');
    expect((await ann.client.nextOf('peer-joined')).peer.id).toBe(carl.id);
    expect((await bob.client.nextOf('peer-joined')).peer.id).toBe(carl.id);

    carl.client.send({ type: 'leave' });
    expect(await ann.client.nextOf('peer-left')).toEqual({ type: 'peer-left', id: carl.id });
    expect(await bob.client.nextOf('peer-left')).toEqual({ type: 'peer-left', id: carl.id });
  });

  it('treats a clean close (1000/1001, tab closed) as leaving at once', async () => {
    running = await startTestServer();
    const ann = await running.member('r', 'Ann');
    const bob = await running.member('r', 'Bob');
    await bob.client.close(1001);
    expect(await ann.client.nextOf('peer-left')).toEqual({ type: 'peer-left', id: bob.id });
    expect(running.server.hub.stats()).toMatchObject({ rooms: 1, members: 1 });
  });

  it('keeps rooms apart, including rooms named like Object.prototype keys', async () => {
    running = await startTestServer();
    const proto = await running.member('__proto__', 'P');
    const ctor = await running.member('constructor', 'C');
    const proto2 = await running.connect();
    const welcome = await proto2.join('__proto__', 'P2');
    expect(welcome.peers).toEqual([{ id: proto.id, name: 'P' }]);
    await ctor.client.roundTrip();
    expect(ctor.client.all('peer-joined')).toEqual([]);
    expect(running.server.hub.stats()).toMatchObject({ rooms: 2, members: 3 });
    expect(Object.prototype).not.toHaveProperty('P2');
  });

  it('refuses the 9th member with room-full and closes that socket only', async () => {
    running = await startTestServer();
    const members = [];
    for (let i = 0; i < 8; i++) members.push(await running.member('full', `m${String(i)}`));
    const ninth = await running.connect();
    ninth.send({ type: 'join', v: 3, room: 'full', name: 'late' });
    expect(await ninth.next()).toMatchObject({ type: 'error', code: 'room-full' });
    expect((await ninth.closed).code).toBe(1008);
    await members[0]?.client.roundTrip();
    expect(members[0]?.client.all('peer-joined')).toHaveLength(7);
    expect(running.server.hub.stats().members).toBe(8);
  });

  it('answers already-joined to a second join on the same connection', async () => {
    running = await startTestServer();
    const { client } = await running.member('r', 'Ann');
    client.send({ type: 'join', v: 3, room: 'other', name: 'Ann' });
    expect(await client.next()).toMatchObject({ type: 'error', code: 'already-joined' });
    await client.roundTrip();
    expect(client.isClosed).toBe(false);
  });

  it('lets a member leave and join another room on the same connection', async () => {
    running = await startTestServer();
    const { client } = await running.member('a', 'Ann');
    client.send({ type: 'leave' });
    client.send({ type: 'leave' });
    expect(await client.next()).toMatchObject({ type: 'error', code: 'not-joined' });
    expect((await client.join('b', 'Ann')).peers).toEqual([]);
    expect(running.server.hub.stats()).toMatchObject({ rooms: 1, members: 1 });
  });

  it('gives a connection that left its room the join deadline again', async () => {
    running = await startTestServer({ joinTimeoutMs: 300 });
    const { client } = await running.member('a', 'Ann');
    client.send({ type: 'leave' });
    expect(await client.nextOf('error', 2000)).toMatchObject({ code: 'join-timeout' });
    expect((await client.closed).code).toBe(1008);
  });

  it('closes a connection that never joins with join-timeout', async () => {
    running = await startTestServer({ joinTimeoutMs: 200 });
    const idle = await running.connect();
    expect(await idle.next()).toMatchObject({ type: 'error', code: 'join-timeout' });
    expect((await idle.closed).code).toBe(1008);
  });
});

describe('join with room tokens (--auth-secret)', () => {
  const secret = 'a-test-auth-secret-of-at-least-32-bytes';

  it('admits a valid token for the room and refuses everything else with unauthorized', async () => {
    running = await startTestServer({ authSecret: secret });
    const good = await running.connect();
    const welcome = await good.join('board', 'Ann', {
      token: await mintRoomToken(secret, 'board', 60),
    });
    expect(welcome.self.name).toBe('Ann');

    const refusals: [string, string | undefined][] = [
      ['missing', undefined],
      ['other room', await mintRoomToken(secret, 'other', 60)],
      ['expired', await mintRoomToken(secret, 'board', 1, Date.now() - 10_000)],
      ['wrong secret', await mintRoomToken('not-the-secret-but-also-32-bytes-long', 'board', 60)],
      ['garbage', 'x.y.z'],
      [
        'another audience',
        await mintRoomToken(secret, 'board', 60, Date.now(), {
          scope: { issuer: 'confab', audience: 'b' },
        }),
      ],
      [
        'another issuer',
        await mintRoomToken(secret, 'board', 60, Date.now(), {
          scope: { issuer: 'b', audience: 'confab' },
        }),
      ],
    ];
    for (const [label, token] of refusals) {
      const client = await running.connect();
      client.send({ type: 'join', v: 3, room: 'board', name: label, ...(token ? { token } : {}) });
      expect(await client.next(), label).toMatchObject({ type: 'error', code: 'unauthorized' });
      expect((await client.closed).code, label).toBe(1008);
    }
    expect(running.server.hub.stats().members).toBe(1);
  });

  it('accepts only tokens of its own issuer and audience when deployments share a secret', async () => {
    running = await startTestServer({
      authSecret: secret,
      authIssuer: 'meet.example.org',
      authAudience: 'meet.example.org',
    });
    const ours = { issuer: 'meet.example.org', audience: 'meet.example.org' };
    const member = await running.connect();
    const token = await mintRoomToken(secret, 'board', 60, Date.now(), { scope: ours });
    expect((await member.join('board', 'Ann', { token })).self.name).toBe('Ann');
    const other = await running.connect();
    other.send({
      type: 'join',
      v: 3,
      room: 'board',
      name: 'Eve',
      token: await mintRoomToken(secret, 'board', 60),
    });
    expect(await other.next()).toMatchObject({
      code: 'unauthorized',
      message: 'token is for another deployment (issuer or audience)',
    });
  });
});
