import { afterEach, describe, expect, it } from 'vitest';
import { JanusClient, type JanusClientOptions } from './janus-client.js';
import { JanusClientError } from './janus-errors.js';
import { FakeJanus } from '../test-support/fake-janus.js';

// Unit tests of the client against a scripted fake Janus (the real one: janus.test.ts).

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startFake(): Promise<FakeJanus> {
  const fake = await FakeJanus.start();
  cleanups.push(() => fake.stop());
  return fake;
}

async function connect(
  options: Partial<JanusClientOptions> = {},
): Promise<{ janus: JanusClient; fake: FakeJanus }> {
  const fake = await startFake();
  const janus = await JanusClient.connect({
    url: fake.url,
    apiSecret: 'the-api-secret',
    keepaliveIntervalMs: 0,
    ...options,
  });
  cleanups.push(() => janus.close());
  return { janus, fake };
}

const plugindata = (data: object) => ({ plugin: 'janus.plugin.videoroom', data });

describe('JanusClient (fake Janus)', () => {
  it('sends apisecret and session_id on every request; a plugin answer follows its ack', async () => {
    const { janus, fake } = await connect();
    const handle = await janus.attach('janus.plugin.videoroom', 'publisher');
    fake.reply = (request, send) => {
      send({ janus: 'ack', transaction: request.transaction });
      send({
        janus: 'event',
        transaction: request.transaction,
        sender: handle.id,
        plugindata: plugindata({ videoroom: 'event', configured: 'ok' }),
        jsep: { type: 'answer', sdp: 'v=0\r\n' },
      });
    };
    const reply = await handle.message({ request: 'configure' }, { type: 'offer', sdp: 'v=0' });
    expect(reply).toEqual({
      data: { videoroom: 'event', configured: 'ok' },
      jsep: { type: 'answer', sdp: 'v=0\r\n' },
    });
    expect(fake.requests.map((r) => r.janus)).toEqual(['create', 'attach', 'message']);
    for (const request of fake.requests) expect(request['apisecret']).toBe('the-api-secret');
    expect(fake.requests[1]).toMatchObject({ session_id: 77 });
    expect(fake.requests[2]).toMatchObject({ session_id: 77, handle_id: handle.id });
    expect(janus.handleCounts()).toEqual({ admin: 0, publisher: 1, subscriber: 0 });
  });

  it('turns a plugin error_code into janus-error with that code', async () => {
    const { janus, fake } = await connect();
    const handle = await janus.attach('janus.plugin.videoroom', 'admin');
    fake.reply = (request, send) => {
      send({
        janus: 'success',
        transaction: request.transaction,
        sender: handle.id,
        plugindata: plugindata({ videoroom: 'event', error_code: 429, error: 'Missing admin_key' }),
      });
    };
    const error = await handle.message({ request: 'create' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JanusClientError);
    expect(error).toMatchObject({ code: 'janus-error', janusCode: 429 });
  });

  it('fails a request Janus never answers with janus-timeout', async () => {
    const { janus, fake } = await connect({ requestTimeoutMs: 50 });
    fake.reply = () => undefined;
    await expect(janus.attach('janus.plugin.videoroom', 'admin')).rejects.toMatchObject({
      code: 'janus-timeout',
    });
  });

  it('fails the request an invalid reply belongs to at once, with janus-protocol', async () => {
    const { janus, fake } = await connect();
    const dropped: string[] = [];
    janus.on('protocol-error', (reason) => dropped.push(reason));
    fake.reply = (request, send) => {
      send({ janus: 'success', transaction: request.transaction, data: { id: 'not-a-number' } });
    };
    await expect(janus.attach('janus.plugin.videoroom', 'admin')).rejects.toMatchObject({
      code: 'janus-protocol',
    });
    expect(dropped).toHaveLength(1);
  });

  it('bounds the requests in flight (janus-overloaded)', async () => {
    const { janus, fake } = await connect({ maxPendingRequests: 2, requestTimeoutMs: 5000 });
    fake.reply = () => undefined;
    const first = janus.attach('a', 'admin').catch((error: unknown) => error);
    const second = janus.attach('b', 'admin').catch((error: unknown) => error);
    await expect(janus.attach('c', 'admin')).rejects.toMatchObject({ code: 'janus-overloaded' });
    await janus.close();
    expect(await first).toMatchObject({ code: 'janus-closed' });
    expect(await second).toMatchObject({ code: 'janus-closed' });
  });

  it('routes asynchronous events to their handle, typed', async () => {
    const { janus, fake } = await connect();
    const handle = await janus.attach('janus.plugin.videoroom', 'subscriber');
    const seen: string[] = [];
    handle.on('plugin', (data) => seen.push(`plugin ${String(data['videoroom'])}`));
    handle.on('webrtcup', () => seen.push('webrtcup'));
    handle.on('media', (m) => seen.push(`media ${m.type} ${String(m.receiving)}`));
    handle.on('slowlink', (s) => seen.push(`slowlink ${String(s.uplink)}`));
    handle.on('hangup', (reason) => seen.push(`hangup ${String(reason)}`));
    const detached = handle.next('detached');
    fake.push({
      janus: 'event',
      sender: handle.id,
      plugindata: plugindata({ videoroom: 'talking' }),
    });
    fake.push({ janus: 'webrtcup', sender: handle.id });
    fake.push({ janus: 'media', sender: handle.id, mid: '0', type: 'video', receiving: true });
    fake.push({ janus: 'slowlink', sender: handle.id, uplink: false, lost: 5 });
    fake.push({ janus: 'hangup', sender: handle.id, reason: 'DTLS alert' });
    fake.push({ janus: 'media', sender: 999, type: 'audio', receiving: true });
    fake.push({ janus: 'detached', sender: handle.id });
    await detached;
    expect(seen).toEqual([
      'plugin talking',
      'webrtcup',
      'media video true',
      'slowlink false',
      'hangup DTLS alert',
    ]);
    expect(handle.detached).toBe(true);
    expect(janus.handleCounts().subscriber).toBe(0);
  });

  it('is closed with janus-session-lost when Janus times the session out', async () => {
    const { janus, fake } = await connect();
    const closed = janus.next('closed');
    fake.push({ janus: 'timeout', session_id: 77 });
    const [reason] = await closed;
    expect(reason.code).toBe('janus-session-lost');
    expect(janus.state).toBe('closed');
    await expect(janus.attach('x', 'admin')).rejects.toMatchObject({ code: 'janus-closed' });
  });

  it('reports unhealthy while keepalives fail and healthy again once one is answered', async () => {
    const { janus, fake } = await connect({ keepaliveIntervalMs: 20, requestTimeoutMs: 30 });
    let answer = false;
    fake.reply = (request, send) => {
      if (answer) send({ janus: 'ack', transaction: request.transaction });
    };
    const [sick] = await janus.next('health');
    expect(sick).toMatchObject({ healthy: false, keepaliveFailures: 1 });
    answer = true;
    const [well] = await janus.next('health');
    expect(well).toMatchObject({ healthy: true, keepaliveFailures: 0 });
    expect(well.lastKeepaliveMs).toBeGreaterThanOrEqual(0);
  });

  it('emits closed once with janus-unreachable when the connection drops', async () => {
    const { janus, fake } = await connect();
    const reasons: string[] = [];
    janus.on('closed', (reason) => reasons.push(reason.code));
    const closed = janus.next('closed');
    fake.socket?.terminate();
    await closed;
    await janus.close();
    expect(reasons).toEqual(['janus-unreachable']);
    expect(janus.health.healthy).toBe(false);
  });

  it('fails to connect with janus-unreachable, or janus-error 403 for a refused secret', async () => {
    const fake = await startFake();
    const url = fake.url;
    fake.reply = (request, send) => {
      send({ janus: 'error', transaction: request.transaction, error: { code: 403 } });
    };
    await expect(
      JanusClient.connect({ url, apiSecret: 'wrong', keepaliveIntervalMs: 0 }),
    ).rejects.toMatchObject({ code: 'janus-error', janusCode: 403 });
    await fake.stop();
    await expect(JanusClient.connect({ url, apiSecret: 'x' })).rejects.toMatchObject({
      code: 'janus-unreachable',
    });
  });
});
