import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SfuStream } from '../../protocol/index.js';
import {
  answerFor,
  CAMERA_AND_MIC,
  JanusInspector,
  PUBLISHER_OFFER,
  PUBLISHER_SOURCES,
  sfuHealthy,
  sfuModeOf,
} from '../test-support/sfu.js';
import type { TestClient } from '../test-support/test-client.js';
import { startTestServer, type RunningServer } from '../test-support/test-server.js';
import { VideoRoomPublisher } from './videoroom-publisher.js';

// Publishing and subscribing through the server, against its real Janus. Feeds are
// Janus remote publishers (live at once, no browser needed) named after members that
// joined without WebRTC, so their ids are free in the Janus room and known to the others.

let server: RunningServer;
let janus: JanusInspector | undefined;
const inspector = (): JanusInspector => {
  if (janus === undefined) throw new Error('no Janus');
  return janus;
};

beforeAll(async () => {
  server = await startTestServer({ withSfu: true, meshMax: 1 });
  await sfuHealthy(server.server);
  janus = await JanusInspector.ofServer(server.server);
});
afterAll(async () => {
  await janus?.close();
  await (server as RunningServer | undefined)?.stop();
});

async function noWebrtc(room: string, name: string): Promise<string> {
  const client = await server.connect();
  return (await client.join(room, name, { webrtc: false })).self.id;
}

const streamsOf = (peer: string): SfuStream[] => [
  { mid: expect.any(String) as string, peer, source: 'microphone' },
  { mid: expect.any(String) as string, peer, source: 'camera' },
];

/** The room's Janus room, once the switch its last join caused is done. */
async function janusRoomOf(room: string): Promise<string> {
  await server.server.sfu?.controller.settled(room);
  const { janusRoom } = (await server.server.hub.roomState(room)).record;
  if (janusRoom === null) throw new Error(`${room} is not on the SFU`);
  return janusRoom;
}

async function answer(client: TestClient): Promise<SfuStream[]> {
  const offer = await client.nextOf('sfu-offer');
  client.send({ type: 'sfu-answer', epoch: offer.epoch, sdp: answerFor(offer.sdp) });
  return offer.streams;
}

describe('SFU media through the server', () => {
  it('publishes a Chromium offer with simulcast: answer, forced id and display, streams tagged', async () => {
    const room = 'media-publish';
    const carol = await noWebrtc(room, 'Carol');
    const ann = await server.member(room, 'Ann');
    const mode = await ann.client.nextOf('room-mode');
    expect(mode.mode).toEqual({ path: 'sfu', epoch: 1, pinned: false });
    ann.client.send({
      type: 'sfu-publish',
      epoch: 1,
      sdp: PUBLISHER_OFFER,
      sources: PUBLISHER_SOURCES,
    });
    const answered = await ann.client.nextOf('sfu-answer');
    expect(answered.epoch).toBe(1);
    const lines = answered.sdp.split('\r\n');
    expect(lines).toContain('a=simulcast:recv h;m;l');
    expect(lines.filter((line) => line.startsWith('a=mid:'))).toEqual([
      'a=mid:0',
      'a=mid:1',
      'a=mid:2',
    ]);
    const { janusRoom } = (await server.server.hub.roomState(room)).record;
    expect(await inspector().admin.listParticipants(janusRoom ?? '')).toEqual([
      expect.objectContaining({ id: ann.id, display: 'Ann' }),
    ]);
    expect(ann.client.all('error')).toEqual([]);
    expect(carol).not.toBe(ann.id);
  });

  it('answers a resent copy of the last offer again, without renegotiating it with Janus', async () => {
    const room = 'media-publish-twice';
    await noWebrtc(room, 'Carol');
    const ann = await server.member(room, 'Ann');
    const { mode } = await ann.client.nextOf('room-mode');
    const publish = (sdp: string) => {
      ann.client.send({ type: 'sfu-publish', epoch: mode.epoch, sdp, sources: PUBLISHER_SOURCES });
    };
    publish(PUBLISHER_OFFER);
    const first = await ann.client.nextOf('sfu-answer');
    // Janus may answer a repeated offer with the same SDP: count what it is asked instead.
    const configure = vi.spyOn(VideoRoomPublisher.prototype, 'configure');
    const publishToJanus = vi.spyOn(VideoRoomPublisher.prototype, 'publish');
    try {
      // After a resume: the same offer, now with a candidate gathered meanwhile.
      const mid0 = PUBLISHER_OFFER.indexOf('a=mid:0\r\n') + 'a=mid:0\r\n'.length;
      publish(
        PUBLISHER_OFFER.slice(0, mid0) +
          'a=candidate:1 1 udp 2113937151 192.0.2.10 50000 typ host generation 0\r\n' +
          PUBLISHER_OFFER.slice(mid0),
      );
      const second = await ann.client.nextOf('sfu-answer');
      expect(second.sdp).toBe(first.sdp);
      expect(configure.mock.calls.filter(([options]) => options.offer !== undefined)).toEqual([]);
      expect(publishToJanus).not.toHaveBeenCalled();
    } finally {
      configure.mockRestore();
      publishToJanus.mockRestore();
    }
    expect(ann.client.all('error')).toEqual([]);
  });

  it('keeps each subscriber in sync with the feeds, one offer outstanding at a time', async () => {
    const room = 'media-subscribe';
    const carol = await noWebrtc(room, 'Carol');
    const dave = await noWebrtc(room, 'Dave');
    // Carol and Dave make the room too big for the mesh (meshMax 1): Ann and Bob join it on the SFU.
    await janusRoomOf(room);
    const ann = await server.member(room, 'Ann');
    const bob = await server.member(room, 'Bob');
    const jr = await janusRoomOf(room);
    await expect.poll(async () => (await inspector().admin.listParticipants(jr)).length).toBe(2);

    await inspector().addFeed(jr, carol, CAMERA_AND_MIC);
    expect(await answer(ann.client)).toEqual(streamsOf(carol));
    const bobsFirst = await bob.client.nextOf('sfu-offer');
    expect(bobsFirst.streams).toEqual(streamsOf(carol));

    const screen = { mid: '0', type: 'video', description: 'screen' } as const;
    await inspector().addFeed(jr, dave, [screen]);
    const annSecond = await ann.client.nextOf('sfu-offer');
    expect(annSecond.streams).toEqual([
      ...streamsOf(carol),
      { mid: expect.any(String) as string, peer: dave, source: 'screen' },
    ]);
    // Bob has not answered his first offer: he gets no second one until he does.
    await bob.client.roundTrip();
    expect(bob.client.all('sfu-offer')).toHaveLength(1);
    bob.client.send({ type: 'sfu-answer', epoch: 1, sdp: answerFor(bobsFirst.sdp) });
    expect((await bob.client.nextOf('sfu-offer')).streams).toHaveLength(3);

    ann.client.send({ type: 'sfu-answer', epoch: 1, sdp: answerFor(annSecond.sdp) });
    ann.client.send({
      type: 'sfu-layers',
      epoch: 1,
      choices: [
        { peer: carol, source: 'camera', layer: 0 },
        { peer: dave, source: 'screen', layer: null },
      ],
    });
    // A publisher leaving: Janus renegotiates by itself, the stream list follows.
    await inspector().removeFeed(jr, carol);
    const annThird = await ann.client.nextOf('sfu-offer');
    expect(annThird.streams).toEqual([
      { mid: expect.any(String) as string, peer: dave, source: 'screen' },
    ]);
    // A screen share that stops and starts again: the stream goes, then comes back.
    ann.client.send({ type: 'sfu-answer', epoch: 1, sdp: answerFor(annThird.sdp) });
    await inspector().setFeedStreams(jr, dave, [{ ...screen, disabled: true }]);
    const annFourth = await ann.client.nextOf('sfu-offer');
    expect(annFourth.streams).toEqual([]);
    ann.client.send({ type: 'sfu-answer', epoch: 1, sdp: answerFor(annFourth.sdp) });
    await inspector().setFeedStreams(jr, dave, [{ ...screen, disabled: false }]);
    const annFifth = await ann.client.nextOf('sfu-offer');
    expect(annFifth.streams).toEqual([
      { mid: expect.any(String) as string, peer: dave, source: 'screen' },
    ]);
    await ann.client.roundTrip();
    expect(ann.client.all('error')).toEqual([]);
    expect(bob.client.all('error')).toEqual([]);

    ann.client.send({ type: 'sfu-leave', epoch: 1 });
    ann.client.send({ type: 'sfu-answer', epoch: 1, sdp: answerFor(annFifth.sdp) });
    expect(await ann.client.nextOf('error')).toMatchObject({ code: 'sfu-failed' });
    await expect
      .poll(async () => (await inspector().admin.listParticipants(jr)).map((p) => p.id).sort())
      .toEqual([bob.id, dave].sort());
  });

  it('keeps a member’s Janus handles across a resume, with what was sent meanwhile', async () => {
    const room = 'media-resume';
    const carol = await noWebrtc(room, 'Carol');
    const ann = await server.member(room, 'Ann');
    const welcome = ann.client.received[0];
    if (welcome?.type !== 'welcome') throw new Error('no welcome');
    await sfuModeOf(ann.client);
    ann.client.send({
      type: 'sfu-publish',
      epoch: 1,
      sdp: PUBLISHER_OFFER,
      sources: PUBLISHER_SOURCES,
    });
    await ann.client.nextOf('sfu-answer');
    const jr = await janusRoomOf(room);
    ann.client.drop();
    await inspector().addFeed(jr, carol, CAMERA_AND_MIC);
    const back = await server.connect();
    const resumed = await back.join(room, 'Ann', { resume: welcome.resume });
    expect(resumed.mode).toEqual({ path: 'sfu', epoch: 1, pinned: false });
    // The offer made while Ann was away follows her welcome; she is still the same participant.
    expect((await back.nextOf('sfu-offer')).streams).toEqual(streamsOf(carol));
    const ids = (await inspector().admin.listParticipants(jr)).map((p) => p.id);
    expect(ids.sort()).toEqual([ann.id, carol].sort());
    // Her publisher is still published: a new offer renegotiates it.
    back.send({ type: 'sfu-publish', epoch: 1, sdp: PUBLISHER_OFFER, sources: PUBLISHER_SOURCES });
    expect((await back.nextOf('sfu-answer')).epoch).toBe(1);
    expect(back.all('error')).toEqual([]);
  });
});
