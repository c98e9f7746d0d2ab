import { afterEach, describe, expect, it } from 'vitest';
import { TestClient } from './test-support/test-client.js';
import { startTestServer, type RunningServer } from './test-support/test-server.js';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** Two members who can still talk: proof that an attack on the server hurt no one else. */
async function bystanders(server: RunningServer) {
  const ann = await server.member('bystanders', 'Ann');
  const bob = await server.member('bystanders', 'Bob');
  return {
    async stillTalking(): Promise<void> {
      ann.client.send({ type: 'signal', to: bob.id, data: { candidate: null } });
      expect(await bob.client.nextOf('signal')).toMatchObject({ from: ann.id });
    },
  };
}

describe('bad input', () => {
  it('answers bad-message and keeps the connection for non-JSON, unknown types, wrong shapes and binary frames', async () => {
    running = await startTestServer();
    const client = await running.connect();
    const frames: (string | Buffer)[] = [
      'hello',
      '{"type":"teleport"}',
      '{"type":"join","v":3,"room":"r"}',
      '{"type":"ping","__proto__":{"admin":true}}',
      '{"type":"join","v":3,"room":"constructor","name":"x","constructor":{"prototype":{"admin":true}}}',
      'null',
      '42',
      Buffer.from([1, 2, 3]),
    ];
    for (const frame of frames) {
      client.sendRaw(frame);
      expect(await client.next(), String(frame)).toMatchObject({
        type: 'error',
        code: 'bad-message',
      });
    }
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
    expect((await client.join('r', 'still works')).self.name).toBe('still works');
  });

  it('closes with 1009 on a frame above 64 KiB, and nobody else notices', async () => {
    running = await startTestServer();
    const others = await bystanders(running);
    const { client } = await running.member('r', 'Mallory');
    client.sendRaw('x'.repeat(64 * 1024 + 1));
    expect((await client.closed).code).toBe(1009);
    await others.stillTalking();
  });

  it('cuts a connection that keeps sending garbage at once (1008 frame, then the socket)', async () => {
    running = await startTestServer({ abuseStrikeLimit: 20 });
    const others = await bystanders(running);
    const client = await running.connect();
    for (let i = 0; i < 50; i++) client.sendRaw('garbage');
    // The server destroys the socket right after its close frame, so whether that frame
    // is read before the reset is up to the client's TCP stack.
    expect([1006, 1008]).toContain((await client.closed).code);
    expect(client.all('error').every((e) => e.code === 'bad-message')).toBe(true);
    await others.stillTalking();
  });
});

describe('rate limit', () => {
  it('drops messages beyond the bucket with rate-limited, then closes persistent flooders with 1008', async () => {
    running = await startTestServer({
      rateLimitPerSecond: 50,
      rateLimitBurst: 200,
      abuseStrikeLimit: 100,
    });
    const others = await bystanders(running);
    const flooder = await running.member('flood', 'F');
    const target = await running.member('flood', 'T');
    const startedAt = Date.now();
    for (let i = 0; i < 1000; i++) {
      flooder.client.send({ type: 'signal', to: target.id, data: { candidate: null } });
    }
    expect([1006, 1008]).toContain((await flooder.client.closed).code);
    const refill = Math.ceil(((Date.now() - startedAt) / 1000) * 50);
    // Its rate-limited notices may die with the reset; the server counted them.
    const errors = (await running.server.metrics.errors.get()).values;
    expect(errors.find((v) => v.labels.code === 'rate-limited')?.value).toBeGreaterThan(0);
    await target.client.roundTrip();
    const delivered = target.client.all('signal').length;
    // The burst (200 less the join's token) plus what refilled meanwhile gets through.
    expect(delivered).toBeGreaterThanOrEqual(199);
    expect(delivered).toBeLessThanOrEqual(199 + refill);
    await others.stillTalking();
  });
});

describe('slow consumers', () => {
  it('disconnects a client that stops reading once its send buffer passes the limit', async () => {
    running = await startTestServer({
      maxBufferedBytes: 256 * 1024,
      rateLimitPerSecond: 100_000,
      rateLimitBurst: 100_000,
      abuseStrikeLimit: 100_000,
    });
    const others = await bystanders(running);
    const sender = await running.member('slow', 'S');
    const stalled = await running.member('slow', 'Z');
    // Stop reading: the kernel buffers fill, then the server's own buffer grows.
    (stalled.client.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const sdp = 'a'.repeat(30_000);
    const { metrics } = running.server;
    const openConnections = async () => (await metrics.connections.get()).values[0]?.value;
    expect(await openConnections()).toBe(4);
    let sent = 0;
    while (sent < 2000 && (await openConnections()) === 4) {
      sender.client.send({
        type: 'signal',
        to: stalled.id,
        data: { description: { type: 'offer', sdp } },
      });
      sent++;
      if (sent % 50 === 0) await sender.client.roundTrip();
    }
    // The server cut the stalled socket after ~256 KiB of backlog (about 9 frames beyond
    // what the kernel buffers hold), not after all 60 MB.
    expect(sent).toBeLessThan(2000);
    expect(await openConnections()).toBe(3);
    await others.stillTalking();
  });
});

describe('upgrade limits', () => {
  it('refuses upgrades on other paths with 404', async () => {
    running = await startTestServer();
    await expect(TestClient.connect(running.wsUrl.replace('/ws', '/socket'))).rejects.toThrow(
      /404/,
    );
  });

  it('admits WebSockets from pages of this server only, by default', async () => {
    const server = await startTestServer();
    running = server;
    const own = new URL(server.httpUrl).origin;
    expect((await (await server.connect({ origin: own })).join('r', 'A')).self.name).toBe('A');
    for (const origin of ['https://evil.example.com', own.replace('http:', 'https:'), 'null'])
      await expect(server.connect({ origin }), origin).rejects.toThrow(/403/);
    // No Origin: not a browser, so not a page abusing one (the CLI, scripts).
    expect((await (await server.connect()).join('r', 'B')).self.name).toBe('B');
  });

  it('enforces a configured Origin allow-list with 403; --require-origin also refuses none', async () => {
    running = await startTestServer({
      allowedOrigins: ['https://meet.example.org'],
      requireOrigin: true,
    });
    await expect(running.connect({ origin: 'https://evil.example.com' })).rejects.toThrow(/403/);
    await expect(running.connect({ origin: running.httpUrl })).rejects.toThrow(/403/);
    await expect(running.connect()).rejects.toThrow(/403/);
    const allowed = await running.connect({ origin: 'https://meet.example.org' });
    expect((await allowed.join('r', 'A')).self.name).toBe('A');
    await running.stop();
    running = await startTestServer({ allowedOrigins: ['*'] });
    await running.connect({ origin: 'https://anywhere.example' });
  });

  it('caps connections per IP (sockets over the cap are cut on accept) and in total with 503', async () => {
    const server = await startTestServer({ maxConnectionsPerIp: 2 });
    running = server;
    const first = await server.connect();
    await server.connect();
    await expect(server.connect()).rejects.toThrow(/socket hang up|ECONNRESET/);
    await first.close();
    // The count drops once the server has processed the close, which may trail ours.
    await expect
      .poll(() =>
        server.connect().then(
          () => 'admitted',
          (error: unknown) => String(error),
        ),
      )
      .toBe('admitted');
    await server.stop();

    running = await startTestServer({ maxConnections: 1 });
    await running.connect();
    await expect(running.connect()).rejects.toThrow(/503/);
  });
});

describe('client addresses behind a proxy', () => {
  it('counts IPv6 clients per /64: one subscriber cannot open 2^64 "clients"', async () => {
    const server = await startTestServer({ trustProxy: true, maxConnectionsPerIp: 2 });
    running = server;
    const via = (address: string) => server.connect({ headers: { 'x-forwarded-for': address } });
    await via('2001:db8:1:2::a');
    await via('2001:db8:1:2:ffff::b');
    await expect(via('2001:db8:1:2::c')).rejects.toThrow(/429/);
    // The next /64 is someone else.
    await via('2001:db8:1:3::a');
  });
});

describe('liveness', () => {
  it('terminates a connection that misses two pongs, keeping its slot for resume', async () => {
    running = await startTestServer({ heartbeatIntervalMs: 100 });
    const ann = await running.member('r', 'Ann');
    const silent = await running.connect({ autoPong: false });
    const welcome = await silent.join('r', 'Silent');
    const closed = await silent.closed;
    expect(closed.code).toBe(1006);
    // A drop is not a leave: Ann sees no peer-left during the resume grace period.
    await ann.client.roundTrip();
    expect(ann.client.all('peer-left')).toEqual([]);
    expect(running.server.hub.stats().members).toBe(2);
    const back = await running.connect();
    expect((await back.join('r', 'Silent', { resume: welcome.resume })).self.id).toBe(
      welcome.self.id,
    );
  });

  it('answers app-level ping with pong before and after joining', async () => {
    running = await startTestServer();
    const client = await running.connect();
    client.send({ type: 'ping' });
    expect(await client.next()).toEqual({ type: 'pong' });
    await client.join('r', 'A');
    client.send({ type: 'ping' });
    expect(await client.next()).toEqual({ type: 'pong' });
  });
});
