import { afterEach, describe, expect, it } from 'vitest';
import { FakeJanus, type FakeRequest } from '../test-support/fake-janus.js';
import { JanusClient } from './janus-client.js';
import type { Jsep } from './janus-wire.js';
import { joinAsPublisher } from './videoroom-publisher.js';
import { joinAsSubscriber } from './videoroom-subscriber.js';
import type { VideoRoomEvent } from './videoroom-wire.js';

// What the typed VideoRoom API sends and how it reads answers, against a scripted fake
// (publish/subscribe with media needs a browser; janus.test.ts covers the real Janus).

const offer: Jsep = { type: 'offer', sdp: 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n' };
const answer: Jsep = { type: 'answer', sdp: 'v=0\r\no=- 2 2 IN IP4 0.0.0.0\r\n' };
const streams = [{ mindex: 0, mid: '0', type: 'video', feed_id: 'alice', feed_mid: '1' }];

/** Plugin answers by `body.request`: [data, jsep?]. Core requests get the fake's default. */
type Script = Record<string, [Record<string, unknown>, Jsep?]>;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(script: Script): Promise<{ client: JanusClient; fake: FakeJanus }> {
  const fake = await FakeJanus.start();
  cleanups.push(() => fake.stop());
  fake.reply = (request, send) => {
    const body = request['body'] as Record<string, unknown> | undefined;
    const scripted = body === undefined ? undefined : script[String(body['request'])];
    if (request.janus !== 'message' || scripted === undefined) {
      fake.answerCore(request, send);
      return;
    }
    const [data, jsep] = scripted;
    send({ janus: 'ack', transaction: request.transaction });
    send({
      janus: 'event',
      transaction: request.transaction,
      sender: request['handle_id'],
      plugindata: { plugin: 'janus.plugin.videoroom', data },
      ...(jsep === undefined ? {} : { jsep }),
    });
  };
  const client = await JanusClient.connect({
    url: fake.url,
    apiSecret: 'k',
    keepaliveIntervalMs: 0,
  });
  cleanups.push(() => client.close());
  return { client, fake };
}

const messages = (fake: FakeJanus): FakeRequest[] =>
  fake.requests.filter((request) => request.janus === 'message' || request.janus === 'detach');

const joined = { videoroom: 'joined', room: 'r', id: 'alice', private_id: 4242, publishers: [] };

describe('VideoRoom publisher (fake Janus)', () => {
  it('joins with the forced id and display and publishes without passing anything else', async () => {
    const { client, fake } = await setup({
      join: [joined],
      publish: [{ videoroom: 'event', configured: 'ok' }, answer],
      configure: [{ videoroom: 'event', configured: 'ok' }],
    });
    const publisher = await joinAsPublisher(client, 'r', { id: 'alice', display: 'Alice' });
    expect(publisher.joined).toEqual({
      room: 'r',
      id: 'alice',
      privateId: 4242,
      publishers: [],
      attendees: [],
    });
    expect(await publisher.publish(offer, { bitrate: 300_000 })).toEqual(answer);
    expect(
      await publisher.configure({ keyframe: true, streams: [{ mid: '1', send: false }] }),
    ).toBeUndefined();
    const [join, publish, configure] = messages(fake);
    expect(join?.['body']).toEqual({
      request: 'join',
      ptype: 'publisher',
      room: 'r',
      id: 'alice',
      display: 'Alice',
    });
    expect(publish?.['body']).toEqual({ request: 'publish', bitrate: 300_000 });
    expect(publish?.['jsep']).toEqual(offer);
    expect(configure?.['body']).toEqual({
      request: 'configure',
      keyframe: true,
      streams: [{ mid: '1', send: false }],
    });
  });

  it('detaches the handle when the join is refused, and reports the code', async () => {
    const { client, fake } = await setup({
      join: [{ videoroom: 'event', error_code: 436, error: 'User ID alice already exists' }],
    });
    const error = await joinAsPublisher(client, 'r', { id: 'alice', display: 'A' }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'janus-error', janusCode: 436 });
    expect(messages(fake).map((request) => request.janus)).toEqual(['message', 'detach']);
    expect(client.handleCounts().publisher).toBe(0);
  });

  it('refuses a publish answer without SDP as janus-protocol', async () => {
    const { client } = await setup({
      join: [joined],
      publish: [{ videoroom: 'event', configured: 'ok' }],
    });
    const publisher = await joinAsPublisher(client, 'r', { id: 'alice', display: 'A' });
    await expect(publisher.publish(offer)).rejects.toMatchObject({ code: 'janus-protocol' });
  });

  it('emits typed room events and leaves once', async () => {
    const { client, fake } = await setup({
      join: [joined],
      leave: [{ videoroom: 'event', leaving: 'ok' }],
    });
    const publisher = await joinAsPublisher(client, 'r', { id: 'alice', display: 'A' });
    const event = new Promise<VideoRoomEvent>((resolve) => {
      publisher.on('event', resolve);
    });
    fake.push({
      janus: 'event',
      sender: publisher.handleId,
      plugindata: {
        plugin: 'janus.plugin.videoroom',
        data: { videoroom: 'event', room: 'r', unpublished: 'bob' },
      },
    });
    expect(await event).toEqual({ type: 'unpublished', room: 'r', id: 'bob' });
    await publisher.leave();
    await publisher.leave();
    expect(messages(fake).map((r) => r.janus)).toEqual(['message', 'message', 'detach']);
    expect(publisher.detached).toBe(true);
  });
});

describe('VideoRoom subscriber (fake Janus)', () => {
  it('subscribes with the private_id, answers with start, then may restart ICE', async () => {
    const { client, fake } = await setup({
      join: [{ videoroom: 'attached', room: 'r', streams }, offer],
      start: [{ videoroom: 'event', started: 'ok' }],
      configure: [{ videoroom: 'event', configured: 'ok' }, offer],
    });
    const { subscriber, offer: first } = await joinAsSubscriber(client, 'r', {
      privateId: 4242,
      streams: [{ feed: 'alice', mid: '1' }, { feed: 'bob' }],
    });
    expect(first).toEqual(offer);
    expect(subscriber.streams).toEqual(streams);
    expect(subscriber.offerPending).toBe(true);
    // Janus would silently postpone this: refuse it here instead of timing out.
    await expect(subscriber.restartIce()).rejects.toMatchObject({ code: 'janus-invalid-state' });
    await subscriber.start(answer);
    expect(subscriber.offerPending).toBe(false);
    expect(await subscriber.restartIce()).toEqual(offer);
    const [join, start] = messages(fake);
    expect(join?.['body']).toEqual({
      request: 'join',
      ptype: 'subscriber',
      room: 'r',
      private_id: 4242,
      streams: [{ feed: 'alice', mid: '1' }, { feed: 'bob' }],
    });
    expect(start?.['jsep']).toEqual(answer);
  });

  it('reports a postponed update, then takes the offer from the later `updated` event', async () => {
    const { client, fake } = await setup({
      join: [{ videoroom: 'attached', room: 'r', streams }, offer],
      subscribe: [{ videoroom: 'updating', room: 'r' }],
      unsubscribe: [{ videoroom: 'updated', room: 'r', streams: [] }, offer],
      configure: [{ videoroom: 'event', configured: 'ok' }],
    });
    const { subscriber } = await joinAsSubscriber(client, 'r', {
      privateId: 1,
      streams: [{ feed: 'alice' }],
    });
    expect(await subscriber.subscribe([{ feed: 'carol' }])).toEqual({
      streams,
      offer: null,
      postponed: true,
    });
    const updated = new Promise<VideoRoomEvent>((resolve) => {
      subscriber.on('event', resolve);
    });
    const more = [...streams, { mindex: 1, mid: '1', type: 'video', feed_id: 'carol' }];
    fake.push({
      janus: 'event',
      sender: subscriber.handleId,
      plugindata: {
        plugin: 'janus.plugin.videoroom',
        data: { videoroom: 'updated', room: 'r', streams: more },
      },
      jsep: offer,
    });
    expect(await updated).toMatchObject({ type: 'updated', offer });
    expect(subscriber.streams).toEqual(more);
    expect(await subscriber.unsubscribe([{ subMid: '1' }, { feed: 'alice' }])).toEqual({
      streams: [],
      offer,
      postponed: false,
    });
    await subscriber.configure([{ mid: '0', substream: 0, temporal: 2 }]);
    const bodies = messages(fake).map((request) => request['body']);
    expect(bodies.slice(1)).toEqual([
      { request: 'subscribe', streams: [{ feed: 'carol' }] },
      { request: 'unsubscribe', streams: [{ sub_mid: '1' }, { feed: 'alice' }] },
      { request: 'configure', streams: [{ mid: '0', substream: 0, temporal: 2 }] },
    ]);
  });
});
