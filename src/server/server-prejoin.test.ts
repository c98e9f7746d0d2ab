import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type RunningServer } from './test-support/test-server.js';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

// A pre-join page opens its connection early and says `hello`; the click sends `join` on it.
describe('hello (a pre-join page keeps its connection)', () => {
  it('keeps a connection that said hello past the join deadline, and it joins on it', async () => {
    running = await startTestServer({ joinTimeoutMs: 200 });
    const early = await running.connect();
    early.send({ type: 'hello', v: 3 });
    const silent = await running.connect();
    // The silent one, opened after, is closed at its deadline; the early one outlives it.
    expect(await silent.nextOf('error', 2000)).toMatchObject({ code: 'join-timeout' });
    expect(early.isClosed).toBe(false);
    early.send({ type: 'join', v: 3, room: 'r', name: 'Ann' });
    expect((await early.nextOf('welcome')).self.name).toBe('Ann');
    expect(early.all('error')).toEqual([]);
  });

  it('closes a connection that said hello but never joins, at preJoinTimeoutMs', async () => {
    running = await startTestServer({ preJoinTimeoutMs: 200 });
    const idle = await running.connect();
    idle.send({ type: 'hello', v: 3 });
    expect(await idle.nextOf('error', 2000)).toMatchObject({ code: 'join-timeout' });
    expect((await idle.closed).code).toBe(1008);
  });

  it('takes hello once: a second one is refused, the deadline stands', async () => {
    running = await startTestServer({ preJoinTimeoutMs: 200, joinTimeoutMs: 100 });
    const client = await running.connect();
    client.send({ type: 'hello', v: 3 });
    client.send({ type: 'hello', v: 3 });
    expect(await client.nextOf('error')).toMatchObject({ code: 'already-joined' });
    expect(await client.nextOf('error', 2000)).toMatchObject({ code: 'join-timeout' });
  });

  it('refuses hello after join, and hello of another protocol version with a close', async () => {
    running = await startTestServer();
    const { client } = await running.member('r', 'Ann');
    client.send({ type: 'hello', v: 3 });
    expect(await client.nextOf('error')).toMatchObject({ code: 'already-joined' });
    const old = await running.connect();
    old.send({ type: 'hello', v: 2 });
    expect(await old.nextOf('error')).toMatchObject({ code: 'version-unsupported' });
    expect((await old.closed).code).toBe(1008);
  });

  it('counts a connection that said hello against the per-address cap', async () => {
    running = await startTestServer({ maxConnectionsPerIp: 2 });
    const first = await running.connect();
    first.send({ type: 'hello', v: 3 });
    const second = await running.connect();
    second.send({ type: 'hello', v: 3 });
    await second.roundTrip();
    await expect(running.connect()).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});
