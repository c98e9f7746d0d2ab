import { describe, expect, it, vi } from 'vitest';
import {
  FakePeerConnection,
  FakeTrack,
  FakeTransceiver,
} from '../test-support/fake-peer-connection.js';
import { FakeWebSocket } from '../test-support/fake-websocket.js';
import { SUBSCRIBER_DISCONNECTED_GRACE_MS } from './sfu-connection.js';
import {
  joinedCall,
  offersTo,
  sent,
  sfuMode,
  sfuPcs,
  sfuReceiver,
  welcome as welcomeOf,
  useFakeCallWorld,
} from '../test-support/call-harness.js';

useFakeCallWorld();

const TURN = [{ urls: 'turn:turn.example.org:3478', username: '1:m', credential: 'c' }];

describe('Call through the SFU', () => {
  it('publishes microphone and camera (simulcast h, m, l) on a sendonly connection with our TURN credentials', async () => {
    const { call, socket, sfu } = await joinedCall('m', [], { iceServers: TURN });
    const paths: string[] = [];
    call.on('path', (path, reason) => paths.push(`${path}:${reason}`));
    socket.receive({ type: 'room-mode', mode: sfuMode(1), reason: 'grew' });
    await vi.advanceTimersByTimeAsync(0);
    expect(paths).toEqual(['sfu:grew']);
    expect(call.path).toBe('sfu');
    expect(sfu.publishes()).toMatchObject([
      {
        epoch: 1,
        sources: [
          { mid: '0', source: 'microphone' },
          { mid: '1', source: 'camera' },
        ],
      },
    ]);
    const publisher = sfuPcs(call).publisher;
    expect(publisher?.getConfiguration().iceServers).toEqual(TURN);
    expect(publisher?.transceivers.map((t) => [t.kind, t.direction])).toEqual([
      ['audio', 'sendonly'],
      ['video', 'sendonly'],
    ]);
    // Janus reads the rids in SDP order as high → low: h (full size), m (1/2), l (1/4).
    const encodings = publisher?.transceivers[1]?.init.sendEncodings ?? [];
    expect(encodings.map((e) => [e.rid, e.scaleResolutionDownBy])).toEqual([
      ['h', 1],
      ['m', 2],
      ['l', 4],
    ]);
    const bitrates = encodings.map((e) => e.maxBitrate ?? 0);
    expect(bitrates[0]).toBeGreaterThan(bitrates[1] ?? Infinity);
    expect(bitrates[1]).toBeGreaterThan(bitrates[2] ?? Infinity);
  });

  it('shares the screen as a third transceiver, renegotiating after the previous answer', async () => {
    const { call, socket, sfu } = await joinedCall('m', []);
    socket.receive({ type: 'room-mode', mode: sfuMode(1), reason: 'grew' });
    await vi.advanceTimersByTimeAsync(0);
    call.startScreenShare(
      new FakeTrack('video') as unknown as MediaStreamTrack,
      {} as unknown as MediaStream,
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(sfu.publishes()).toHaveLength(1);
    await sfu.answerPublish();
    expect(sfu.publishes().map((p) => p.sources.map((s) => `${s.mid}:${s.source}`))).toEqual([
      ['0:microphone', '1:camera'],
      ['0:microphone', '1:camera', '2:screen'],
    ]);
    await sfu.answerPublish();
    call.stopScreenShare();
    await vi.advanceTimersByTimeAsync(0);
    expect(
      sfu
        .publishes()
        .at(-1)
        ?.sources.map((s) => s.source),
    ).toEqual(['microphone', 'camera']);
  });

  it('trickles candidates both ways, each to its connection', async () => {
    const { call, socket, sfu } = await joinedCall('m', []);
    socket.receive({ type: 'room-mode', mode: sfuMode(1), reason: 'grew' });
    await vi.advanceTimersByTimeAsync(10);
    expect(sent(socket, 'sfu-candidate').map((c) => [c.pc, c.candidate === null])).toEqual([
      ['publisher', false],
      ['publisher', true],
    ]);
    await sfu.answerPublish();
    const candidate = {
      candidate: 'candidate:1 1 udp 1 192.0.2.9 5000 typ host',
      sdpMid: '0',
      sdpMLineIndex: 0,
    };
    socket.receive({ type: 'sfu-candidate', epoch: 1, pc: 'publisher', candidate });
    await vi.advanceTimersByTimeAsync(0);
    expect(sfuPcs(call).publisher?.addedCandidates).toEqual([candidate]);
  });

  it('a newcomer to an SFU room connects nobody peer to peer: it publishes and subscribes', async () => {
    const { call, socket, sfu } = await joinedCall('m', ['a', 'b'], { mode: sfuMode(3) });
    expect(offersTo(socket)).toEqual([]);
    expect(sfu.publishes().map((p) => p.epoch)).toEqual([3]);
    const tracks: string[] = [];
    call.on('track', (id, { source }) => tracks.push(`${id}:${source}`));
    const streams = await sfu.offer(3, [
      { peer: 'a', source: 'microphone' },
      { peer: 'a', source: 'camera' },
      { peer: 'b', source: 'camera' },
    ]);
    expect(streams.map((s) => s.mid)).toEqual(['0', '1', '2']);
    // Our answer went back for the subscriber connection, recvonly.
    expect(sent(socket, 'sfu-answer').map((a) => a.epoch)).toEqual([3]);
    expect(sfuPcs(call).subscriber?.transceivers.map((t) => t.currentDirection)).toEqual([
      'recvonly',
      'recvonly',
      'recvonly',
    ]);
    expect(tracks).toEqual(['a:microphone', 'a:camera', 'b:camera']);
    expect(call.participants.map((p) => p.connection)).toEqual(['connecting', 'connecting']);
    sfuPcs(call).publisher?.setIceState('connected');
    sfuPcs(call).subscriber?.setIceState('connected');
    expect(call.participants.map((p) => p.connection)).toEqual(['connected', 'connected']);
    // Media state goes through the server: no data channels in SFU mode.
    expect(sent(socket, 'app').map((m) => m.to)).toEqual(['a', 'b']);
  });

  it('a feed that goes away ends its track; one that reuses a mid is another participant’s', async () => {
    const { call, socket, sfu } = await joinedCall('m', ['a', 'b'], { mode: sfuMode(1) });
    const events: string[] = [];
    call.on('track', (id, { source }) => events.push(`+${id}:${source}`));
    call.on('track-ended', (id, { source }) => events.push(`-${id}:${source}`));
    await sfu.offer(1, [{ peer: 'a', source: 'screen' }]);
    const subscriber = sfuPcs(call).subscriber;
    const sdp = subscriber?.remoteDescription?.sdp ?? '';
    const streams = [{ mid: '0', peer: 'b', source: 'screen' } as const];
    socket.receive({ type: 'sfu-offer', epoch: 1, sdp, streams });
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual(['+a:screen', '-a:screen', '+b:screen']);
    // Janus writes a new session id (the time) into every offer of one handle and counts
    // the version up: the same connection.
    socket.receive({
      type: 'sfu-offer',
      epoch: 1,
      sdp: sdp.replace(
        /^o=- \d+ (\d+)/m,
        (_, v: string) => `o=- 1796132903682120 ${String(Number(v) + 1)}`,
      ),
      streams,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(sfuPcs(call).subscriber).toBe(subscriber);
    expect(subscriber?.signalingState).not.toBe('closed');
    // An offer of another SDP session that starts its versions over: a new server-side
    // subscriber connection.
    socket.receive({
      type: 'sfu-offer',
      epoch: 1,
      sdp: sdp.replace(/^o=- \d+ \d+/m, 'o=- 4242 1'),
      streams,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(subscriber?.signalingState).toBe('closed');
    expect(sfuPcs(call).subscriber).not.toBe(subscriber);
    expect(events).toEqual(['+a:screen', '-a:screen', '+b:screen', '-b:screen', '+b:screen']);
  });

  it('a recycled m-line (same mid, same participant, a new track) replaces the old track', async () => {
    const { call, socket, sfu } = await joinedCall('m', ['a'], { mode: sfuMode(1) });
    const tracks: MediaStreamTrack[] = [];
    const events: string[] = [];
    call.on('track', (id, { source, track }) => {
      events.push(`+${id}:${source}`);
      tracks.push(track);
    });
    call.on('track-ended', (id, { source }) => events.push(`-${id}:${source}`));
    await sfu.offer(1, [{ peer: 'a', source: 'camera' }]);
    const subscriber = sfuPcs(call).subscriber as unknown as FakePeerConnection;
    const sdp = subscriber.remoteDescription?.sdp ?? '';
    // 'a' started over: Janus gave its new feed the m-line (and mid) of its old one, and the
    // browser a new transceiver for it.
    const index = subscriber.transceivers.findIndex((t) => t.mid === '0');
    const recycled = new FakeTransceiver('video', 'recvonly', null);
    recycled.mid = '0';
    subscriber.transceivers.splice(index, 1, recycled);
    socket.receive({
      type: 'sfu-offer',
      epoch: 1,
      sdp: sdp.replace(
        /^o=- (\d+) (\d+)/m,
        (_, id: string, v: string) => `o=- ${id} ${String(Number(v) + 1)}`,
      ),
      streams: [{ mid: '0', peer: 'a', source: 'camera' }],
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual(['+a:camera', '-a:camera', '+a:camera']);
    expect(tracks[1]).toBe(recycled.receiver.track);
    expect(tracks[1]).not.toBe(tracks[0]);
  });

  it('ignores its own mode again, SFU messages of another epoch and stale-epoch errors', async () => {
    const { call, socket, sfu } = await joinedCall('m', ['a'], { mode: sfuMode(4) });
    const seen: string[] = [];
    call.on('path', (path) => seen.push(path));
    call.on('error', (error) => seen.push(error.code));
    const publisher = sfuPcs(call).publisher;
    socket.receive({ type: 'room-mode', mode: sfuMode(4), reason: 'grew' });
    socket.receive({ type: 'error', code: 'stale-epoch', message: 'epoch 3 is over' });
    await sfu.offer(3, [{ peer: 'a', source: 'camera' }]);
    expect(seen).toEqual([]);
    expect(call.path).toBe('sfu');
    expect(sfuPcs(call).publisher).toBe(publisher);
    expect(sfuPcs(call).subscriber).toBeUndefined();
    expect(sent(socket, 'sfu-answer')).toEqual([]);
  });

  it('compares epochs for equality only: a room that emptied and refilled starts at 0 again', async () => {
    const { call, socket } = await joinedCall('m', ['a'], { mode: sfuMode(4) });
    const seen: string[] = [];
    call.on('path', (path, reason) => seen.push(`${path}:${reason}`));
    socket.receive({
      type: 'room-mode',
      mode: { path: 'mesh', epoch: 0, pinned: false },
      reason: 'shrank',
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['mesh:shrank']);
    expect(call.path).toBe('mesh');
  });

  it('starts over within its epoch after sfu-failed: sfu-leave, new connections, publish again', async () => {
    const { call, socket, sfu } = await joinedCall('m', ['a'], { mode: sfuMode(1) });
    await sfu.answerPublish();
    await sfu.offer(1, [{ peer: 'a', source: 'camera' }]);
    const old = sfuPcs(call);
    const errors: string[] = [];
    call.on('error', (error) => errors.push(error.code));
    socket.receive({
      type: 'error',
      code: 'sfu-failed',
      message: 'no subscriber offer is waiting',
    });
    await vi.advanceTimersByTimeAsync(1999);
    expect(sent(socket, 'sfu-leave')).toEqual([]);
    // 2 s, and up to half as long again at random (SFU_RESTART_JITTER).
    await vi.advanceTimersByTimeAsync(1001);
    expect(errors).toEqual(['sfu-failed']);
    expect(sent(socket, 'sfu-leave')).toEqual([{ type: 'sfu-leave', epoch: 1 }]);
    expect(old.publisher?.signalingState).toBe('closed');
    expect(old.subscriber?.signalingState).toBe('closed');
    expect(sfu.publishes().map((p) => p.epoch)).toEqual([1, 1]);
    expect(sfuPcs(call).publisher).not.toBe(old.publisher);
    // The leave goes out before the new publish.
    const order = socket.sent
      .map((m) => m.type)
      .filter((t) => t === 'sfu-leave' || t === 'sfu-publish');
    expect(order).toEqual(['sfu-publish', 'sfu-leave', 'sfu-publish']);
  });

  it('after a start-over, offers and answers still in flight from the old Janus handles are ignored', async () => {
    const { call, socket, sfu } = await joinedCall('m', ['a'], { mode: sfuMode(1) });
    await sfu.answerPublish();
    await sfu.offer(1, [{ peer: 'a', source: 'camera' }]);
    const old = sfuPcs(call);
    const oldOffer = old.subscriber?.remoteDescription?.sdp ?? '';
    const oldAnswer = old.publisher?.remoteDescription?.sdp ?? '';
    socket.receive({ type: 'error', code: 'sfu-failed', message: 'the subscriber hung up' });
    await vi.advanceTimersByTimeAsync(3000);
    expect(sent(socket, 'sfu-leave')).toHaveLength(1);
    const answers = sent(socket, 'sfu-answer').length;
    // Janus's renegotiation of the old subscriber was on its way when our sfu-leave went.
    const bumped = oldOffer.replace(/^o=- (\d+) (\d+)/m, (_, id: string, v: string) => {
      return `o=- ${id} ${String(Number(v) + 1)}`;
    });
    socket.receive({ type: 'sfu-offer', epoch: 1, sdp: bumped, streams: [] });
    socket.receive({ type: 'sfu-answer', epoch: 1, sdp: oldAnswer });
    await vi.advanceTimersByTimeAsync(0);
    expect(sent(socket, 'sfu-answer')).toHaveLength(answers);
    expect(sfuPcs(call).subscriber).toBeUndefined();
    expect(sfuPcs(call).publisher?.signalingState).toBe('have-local-offer');
    // The new handles' messages are taken.
    await sfu.answerPublish();
    expect(sfuPcs(call).publisher?.signalingState).toBe('stable');
  });

  it('a room-mode that follows the failure wins: no start-over in the old epoch', async () => {
    const { call, socket, sfu } = await joinedCall('m', ['a'], { mode: sfuMode(1) });
    await sfu.answerPublish();
    socket.receive({
      type: 'error',
      code: 'sfu-failed',
      message: 'the media server connection was lost',
    });
    await vi.advanceTimersByTimeAsync(500);
    socket.receive({ type: 'room-mode', mode: sfuMode(2), reason: 'sfu-restored' });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(sent(socket, 'sfu-leave')).toEqual([]);
    expect(sfu.publishes().map((p) => p.epoch)).toEqual([1, 2]);
    expect(call.path).toBe('sfu');
  });

  it('a subscriber whose ICE fails makes the call start over (the answerer cannot restart)', async () => {
    const { call, socket, sfu } = await joinedCall('m', ['a'], { mode: sfuMode(1) });
    await sfu.answerPublish();
    await sfu.offer(1, [{ peer: 'a', source: 'camera' }]);
    const old = sfuPcs(call);
    old.publisher?.setIceState('connected');
    old.subscriber?.setIceState('connected');
    old.subscriber?.setIceState('failed');
    await vi.advanceTimersByTimeAsync(3000);
    expect(sent(socket, 'sfu-leave')).toEqual([{ type: 'sfu-leave', epoch: 1 }]);
    expect(sfu.publishes().map((p) => p.epoch)).toEqual([1, 1]);
    expect(sfuPcs(call).publisher).not.toBe(old.publisher);
  });

  it('a subscriber briefly ICE-disconnected (a busy machine) mends by itself: no start-over', async () => {
    const { call, socket, sfu } = await joinedCall('m', ['a'], { mode: sfuMode(1) });
    await sfu.answerPublish();
    await sfu.offer(1, [{ peer: 'a', source: 'camera' }]);
    const { publisher, subscriber } = sfuPcs(call);
    publisher?.setIceState('connected');
    subscriber?.setIceState('connected');
    subscriber?.setIceState('disconnected');
    await vi.advanceTimersByTimeAsync(SUBSCRIBER_DISCONNECTED_GRACE_MS - 1);
    subscriber?.setIceState('connected');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(sent(socket, 'sfu-leave')).toEqual([]);
    // Disconnected for longer than the grace: the call starts over.
    subscriber?.setIceState('disconnected');
    await vi.advanceTimersByTimeAsync(SUBSCRIBER_DISCONNECTED_GRACE_MS + 3000);
    expect(sent(socket, 'sfu-leave')).toEqual([{ type: 'sfu-leave', epoch: 1 }]);
  });

  it('a new epoch (the media server was replaced) publishes again by itself, on new connections', async () => {
    const { call, socket, sfu } = await joinedCall('m', ['a'], { mode: sfuMode(1) });
    await sfu.answerPublish();
    await sfu.offer(1, [{ peer: 'a', source: 'camera' }]);
    const old = sfuPcs(call);
    const paths: string[] = [];
    call.on('path', (path, reason) => paths.push(`${path}:${reason}`));
    socket.receive({ type: 'room-mode', mode: sfuMode(2), reason: 'sfu-restored' });
    await vi.advanceTimersByTimeAsync(0);
    expect(paths).toEqual(['sfu:sfu-restored']);
    expect(old.publisher?.signalingState).toBe('closed');
    expect(old.subscriber?.signalingState).toBe('closed');
    expect(sfu.publishes().map((p) => p.epoch)).toEqual([1, 2]);
    expect(sfuPcs(call).publisher).not.toBe(old.publisher);
    // No sfu-leave: the old SFU room is gone with its server.
    expect(sent(socket, 'sfu-leave')).toEqual([]);
  });

  it('the publisher restarts ICE by re-offering (fresh TURN credentials first); late answers are ignored', async () => {
    const { call, socket, sfu } = await joinedCall('m', [], { mode: sfuMode(1) });
    await sfu.answerPublish();
    const publisher = sfuPcs(call).publisher;
    await sfu.answerPublish();
    expect(publisher?.signalingState).toBe('stable');
    publisher?.setIceState('connected');
    publisher?.setIceState('failed');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent(socket, 'refresh-ice')).toHaveLength(1);
    socket.receive({ type: 'ice-servers', iceServers: TURN });
    await vi.advanceTimersByTimeAsync(0);
    expect(publisher?.restarts).toBe(1);
    expect(publisher?.getConfiguration().iceServers).toEqual(TURN);
    const [first, restart] = sfu.publishes();
    const ufrag = (sdp = '') => /a=ice-ufrag:(\S+)/.exec(sdp)?.[1];
    expect(ufrag(restart?.sdp)).not.toBe(ufrag(first?.sdp));
  });

  it('after a signaling gap an unanswered publish offer is sent again', async () => {
    const { socket, sfu } = await joinedCall('m', [], { mode: sfuMode(1) });
    socket.drop();
    await vi.advanceTimersByTimeAsync(1000);
    const next = FakeWebSocket.latest();
    next.open();
    next.receive(welcomeOf('m', [], { mode: sfuMode(1) }));
    expect(sent(next, 'sfu-publish').map((p) => p.sdp)).toEqual(sfu.publishes().map((p) => p.sdp));
  });

  it('a new SFU session settles once its media flows (the banner of a lost server can go)', async () => {
    const { call, socket, sfu } = await joinedCall('m', ['a'], { mode: sfuMode(1) });
    const settled: string[] = [];
    call.on('path-settled', (path) => settled.push(path));
    socket.receive({ type: 'room-mode', mode: sfuMode(2), reason: 'sfu-restored' });
    await vi.advanceTimersByTimeAsync(0);
    await sfu.answerPublish();
    await sfu.offer(2, [{ peer: 'a', source: 'microphone' }]);
    expect(settled).toEqual([]);
    sfuReceiver(call, '0').receiver.track.setMuted(false);
    socket.receive({ type: 'app', from: 'a', data: { type: 'path', via: 'sfu', epoch: 2 } });
    expect(settled).toEqual(['sfu']);
  });

  it('tile sizes become sfu-layers choices, gathered for 300 ms, only for feeds it receives', async () => {
    const { call, socket, sfu } = await joinedCall('m', ['a', 'b'], { mode: sfuMode(1) });
    await sfu.offer(1, [
      { peer: 'a', source: 'camera' },
      { peer: 'b', source: 'camera' },
      { peer: 'b', source: 'screen' },
    ]);
    const view = { width: 320, height: 180, visible: true, spotlight: false };
    call.setView('a', 'camera', view);
    call.setView('a', 'camera', { ...view, height: 150 });
    call.setView('b', 'camera', { ...view, height: 300 });
    call.setView('b', 'screen', { ...view, height: 100 });
    await vi.advanceTimersByTimeAsync(299);
    expect(sent(socket, 'sfu-layers')).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent(socket, 'sfu-layers')).toEqual([
      {
        type: 'sfu-layers',
        epoch: 1,
        choices: [
          { peer: 'a', source: 'camera', layer: 0 },
          { peer: 'b', source: 'camera', layer: 1 },
          { peer: 'b', source: 'screen', layer: 2 },
        ],
      },
    ]);
    // Staged as the speaker: its tile grows (the spotlight alone changes no layer).
    call.setView('a', 'camera', { ...view, height: 480, spotlight: true });
    call.setView('b', 'camera', { ...view, height: 300, visible: false });
    call.setView('b', 'screen', { ...view, height: 120 });
    await vi.advanceTimersByTimeAsync(300);
    expect(sent(socket, 'sfu-layers').at(-1)?.choices).toEqual([
      { peer: 'a', source: 'camera', layer: 2 },
      { peer: 'b', source: 'camera', layer: null },
    ]);
  });

  it('in a mesh, tile sizes are only kept', async () => {
    const { call, socket } = await joinedCall('m', ['a']);
    call.setView('a', 'camera', { width: 320, height: 180, visible: true, spotlight: false });
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent(socket, 'sfu-layers')).toEqual([]);
  });

  it('stats: the subscriber’s pair with this participant’s bytes; audio level of its receiver', async () => {
    const { call, sfu } = await joinedCall('m', ['a', 'b'], { mode: sfuMode(1) });
    await sfu.offer(1, [
      { peer: 'a', source: 'microphone' },
      { peer: 'b', source: 'camera' },
    ]);
    const subscriber = sfuPcs(call).subscriber;
    if (subscriber === undefined) throw new Error('no subscriber');
    const report = (bytesA: number, at: number) => [
      { id: 't', type: 'transport', selectedCandidatePairId: 'p', timestamp: at },
      {
        id: 'p',
        type: 'candidate-pair',
        localCandidateId: 'l',
        remoteCandidateId: 'r',
        currentRoundTripTime: 0.012,
        timestamp: at,
      },
      {
        id: 'l',
        type: 'local-candidate',
        candidateType: 'relay',
        protocol: 'udp',
        relayProtocol: 'tls',
      },
      { id: 'r', type: 'remote-candidate', candidateType: 'host', protocol: 'udp' },
      {
        id: 'ia',
        type: 'inbound-rtp',
        kind: 'audio',
        mid: '0',
        bytesReceived: bytesA,
        timestamp: at,
      },
      {
        id: 'ib',
        type: 'inbound-rtp',
        kind: 'video',
        mid: '1',
        bytesReceived: 999_999,
        timestamp: at,
      },
    ];
    subscriber.stats = report(1000, 1000);
    expect(await call.connectionStats('a')).toMatchObject({
      path: 'sfu',
      localType: 'relay',
      remoteType: 'host',
      protocol: 'tls',
      rttMs: 12,
      bytesReceived: 1000,
      bitrate: null,
    });
    // Read again at once: the same report (one getStats serves every participant of a tick).
    subscriber.stats = report(26_000, 3000);
    expect((await call.connectionStats('a'))?.bytesReceived).toBe(1000);
    await vi.advanceTimersByTimeAsync(2000);
    expect((await call.connectionStats('a'))?.bitrate).toBe(100_000);
    sfuReceiver(call, '0').receiver.audioLevel = 0.5;
    expect(call.audioLevel('a')).toBe(0.5);
    expect(call.audioLevel('b')).toBe(0);
  });
});
