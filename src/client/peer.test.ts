import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SignalData } from '../protocol/index.js';
import { ConfabError } from './errors.js';
import { Peer } from './peer.js';
import { FakePeerConnection, FakeTrack } from './test-support/fake-peer-connection.js';
import { PeerPair, offersIn } from './test-support/wire.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Runs every pending timer and promise until nothing is left to do. */
const settle = () => vi.runAllTimersAsync();

const screen = () => ({
  track: new FakeTrack('video') as unknown as MediaStreamTrack,
  stream: {} as MediaStream,
});

describe('Peer negotiation (fake RTCPeerConnection)', () => {
  it('the newcomer offers audio, video and the app channel; the other side answers once', async () => {
    const pair = new PeerPair();
    await settle();
    expect(pair.pcA.signalingState).toBe('stable');
    expect(pair.pcB.signalingState).toBe('stable');
    expect(offersIn(pair.sentByA)).toBe(1);
    expect(offersIn(pair.sentByB)).toBe(0);
    expect(pair.pcB.localDescription?.sdp).toMatch(/m=audio mid=0 dir=sendrecv/);
    expect(pair.pcB.localDescription?.sdp).toMatch(/m=video mid=1 dir=sendrecv/);
    expect(pair.pcB.localDescription?.sdp).toMatch(/m=application/);
    expect(pair.a.remoteTracks.map((t) => t.source).sort()).toEqual(['camera', 'microphone']);
    expect(pair.b.remoteTracks.map((t) => t.source).sort()).toEqual(['camera', 'microphone']);
  });

  it('glare: both sides add a screen share at once; exactly one rollback, on the polite side; both end stable with the extra video', async () => {
    const pair = new PeerPair({ a: 'alice', b: 'bob' });
    await settle();
    // bob > alice, so bob (b) is polite.
    expect(pair.b.polite).toBe(true);
    expect(pair.a.polite).toBe(false);
    const rollbacks = { a: 0, b: 0 };
    pair.a.on('rollback', () => rollbacks.a++);
    pair.b.on('rollback', () => rollbacks.b++);

    pair.held = true;
    const shareA = screen();
    const shareB = screen();
    pair.a.startScreenShare(shareA.track, shareA.stream);
    pair.b.startScreenShare(shareB.track, shareB.stream);
    await settle();
    expect(pair.pcA.signalingState).toBe('have-local-offer');
    expect(pair.pcB.signalingState).toBe('have-local-offer');
    pair.held = false;
    pair.flush();
    await settle();

    expect(rollbacks).toEqual({ a: 0, b: 1 });
    expect(pair.pcB.rollbacks).toBe(1);
    expect(pair.pcA.rollbacks).toBe(0);
    expect(pair.pcA.signalingState).toBe('stable');
    expect(pair.pcB.signalingState).toBe('stable');
    expect(pair.a.remoteTracks.filter((t) => t.source === 'screen')).toHaveLength(1);
    expect(pair.b.remoteTracks.filter((t) => t.source === 'screen')).toHaveLength(1);
  });

  it('queues candidates that arrive before the remote description and applies them after it', async () => {
    const pair = new PeerPair();
    pair.held = true;
    await settle();
    const offer = pair.sentByA.find((d) => 'description' in d);
    const candidates = pair.sentByA.flatMap((d) =>
      'candidate' in d && d.candidate !== null ? [d.candidate] : [],
    );
    expect(offer).toBeDefined();
    expect(candidates.length).toBeGreaterThan(0);
    for (const candidate of candidates) void pair.b.signal({ candidate });
    await settle();
    expect(pair.pcB.addedCandidates).toEqual([]);
    const errors: ConfabError[] = [];
    pair.b.on('error', (e) => errors.push(e));
    if (offer === undefined) throw new Error('no offer was sent');
    void pair.b.signal(offer);
    await settle();
    expect(pair.pcB.addedCandidates.map((c) => c.candidate)).toEqual(
      candidates.map((c) => c.candidate),
    );
    expect(pair.pcB.addedCandidates[0]?.usernameFragment).toBe(pair.pcA.localUfrag);
    expect(errors).toEqual([]);
  });

  it('forwards end-of-candidates and ignores it on arrival', async () => {
    const pair = new PeerPair();
    await settle();
    expect(pair.sentByA.at(-1)).toEqual({ candidate: null });
    const end: SignalData = {
      candidate: {
        candidate: '',
        sdpMid: '0',
        sdpMLineIndex: 0,
        usernameFragment: pair.pcA.localUfrag,
      },
    };
    await pair.b.signal(end);
    expect(pair.pcB.addedCandidates.at(-1)).toMatchObject({ candidate: '' });
  });

  it('replaces tracks without renegotiating', async () => {
    const pair = new PeerPair();
    await settle();
    const offers = offersIn(pair.sentByA) + offersIn(pair.sentByB);
    await pair.a.replaceTrack('video', new FakeTrack('video') as unknown as MediaStreamTrack);
    await pair.b.replaceTrack('audio', null);
    await settle();
    expect(offersIn(pair.sentByA) + offersIn(pair.sentByB)).toBe(offers);
  });

  it('reports a stopped screen share as an ended track on the other side', async () => {
    const pair = new PeerPair();
    await settle();
    const share = screen();
    pair.a.startScreenShare(share.track, share.stream);
    await settle();
    const ended: string[] = [];
    pair.b.on('track-ended', (t) => ended.push(t.source));
    pair.a.stopScreenShare();
    await settle();
    expect(ended).toEqual(['screen']);
    expect(pair.pcA.signalingState).toBe('stable');
  });

  it('pauses the screen share copy when told, resumes it, and starts the next share as last told', async () => {
    const pair = new PeerPair();
    await settle();
    const screenEncoding = () => {
      // The first video transceiver is the camera's; a share's is a later one with a track.
      const [, , ...later] = pair.pcA.getTransceivers();
      const screen = later.find((t) => t.sender.track?.kind === 'video');
      return screen?.sender.getParameters().encodings[0] ?? null;
    };
    const share = screen();
    pair.a.startScreenShare(share.track, share.stream);
    await settle();
    expect(screenEncoding()?.active ?? true).toBe(true);
    await pair.a.setScreenActive(false);
    expect(screenEncoding()).toMatchObject({ active: false });
    await pair.a.setScreenActive(true);
    expect(screenEncoding()).toMatchObject({ active: true });
    // Told "not shown" between shares: the next share is negotiated paused.
    pair.a.stopScreenShare();
    await settle();
    await pair.a.setScreenActive(false);
    const next = screen();
    pair.a.startScreenShare(next.track, next.stream);
    await settle();
    expect(screenEncoding()).toMatchObject({ active: false });
  });

  it('close() is idempotent and emits closed once', async () => {
    const pair = new PeerPair();
    await settle();
    let closed = 0;
    pair.a.on('closed', () => closed++);
    pair.a.close();
    pair.a.close();
    expect(closed).toBe(1);
    expect(pair.a.state).toBe('closed');
    expect(pair.a.send('x')).toBe(false);
  });
});

describe('Peer ICE recovery (fake timers)', () => {
  it('on failed: refreshes ICE servers, applies them, restarts ICE and re-offers with a new ufrag', async () => {
    const fresh = [{ urls: 'turn:turn.example.org', username: 'u', credential: 'c' }];
    const refresh = vi.fn(() => Promise.resolve(fresh));
    const pair = new PeerPair({ a: 'alice', b: 'bob' }, { refreshIceServers: refresh });
    await settle();
    const offersBefore = offersIn(pair.sentByA);
    const ufragBefore = pair.pcA.localUfrag;
    expect(pair.a.everConnected).toBe(false);
    pair.pcA.setIceState('connected');
    expect(pair.a.state).toBe('connected');
    expect(pair.a.everConnected).toBe(true);
    pair.pcA.setIceState('failed');
    expect(pair.a.state).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(100);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(pair.pcA.getConfiguration().iceServers).toEqual(fresh);
    expect(pair.pcA.restarts).toBe(1);
    expect(offersIn(pair.sentByA)).toBe(offersBefore + 1);
    expect(pair.pcA.localUfrag).not.toBe(ufragBefore);
    expect(pair.pcB.signalingState).toBe('stable');
  });

  it('restarts ICE on disconnected only after the grace period, and not if it heals first', async () => {
    const pair = new PeerPair({ a: 'alice', b: 'bob' });
    await settle();
    pair.pcA.setIceState('connected');
    pair.pcA.setIceState('disconnected');
    await vi.advanceTimersByTimeAsync(2900);
    expect(pair.pcA.restarts).toBe(0);
    pair.pcA.setIceState('connected');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pair.pcA.restarts).toBe(0);

    pair.pcA.setIceState('disconnected');
    await vi.advanceTimersByTimeAsync(3000);
    expect(pair.pcA.restarts).toBe(1);
  });

  it('the polite side waits longer; a restart offer from the other side cancels its own', async () => {
    const pair = new PeerPair({ a: 'alice', b: 'bob' });
    await settle();
    for (const pc of [pair.pcA, pair.pcB]) {
      pc.setIceState('connected');
      pc.setIceState('disconnected');
    }
    // alice (impolite) restarts at 3 s; bob (polite) would at 5 s but gets alice's offer first.
    await vi.advanceTimersByTimeAsync(3000);
    expect(pair.pcA.restarts).toBe(1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(pair.pcB.restarts).toBe(0);
    pair.pcA.setIceState('connected');
    pair.pcB.setIceState('connected');
    expect(pair.a.state).toBe('connected');
    expect(pair.b.state).toBe('connected');
  });

  it('keeps one restart in flight, retries after the restart timeout, and gives up after 3', async () => {
    const pair = new PeerPair({ a: 'alice', b: 'bob' });
    await settle();
    const states: string[] = [];
    pair.a.on('state', (s) => states.push(s));
    pair.pcA.setIceState('connected');
    pair.pcA.setIceState('failed');
    pair.pcA.setIceState('failed');
    await vi.advanceTimersByTimeAsync(100);
    expect(pair.pcA.restarts).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pair.pcA.restarts).toBe(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pair.pcA.restarts).toBe(3);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pair.pcA.restarts).toBe(3);
    expect(pair.a.state).toBe('failed');
    expect(states.at(-1)).toBe('failed');
  });

  it('a restart offer lost in a dead signaling socket: when the polite side restarts too, the impolite side sends its offer again and the polite side answers it', async () => {
    const pair = new PeerPair({ a: 'alice', b: 'bob' });
    await settle();
    const errors: Error[] = [];
    pair.a.on('error', (e) => errors.push(e));
    pair.b.on('error', (e) => errors.push(e));
    pair.lost = true;
    pair.a.restartIce();
    await settle();
    expect(pair.pcA.signalingState).toBe('have-local-offer');
    const lostOffer = pair.pcA.localDescription?.sdp;
    pair.lost = false;

    pair.b.restartIce();
    await settle();
    expect(pair.pcB.rollbacks).toBe(1);
    expect(pair.pcB.remoteDescription?.sdp).toContain(lostOffer);
    expect(pair.pcA.signalingState).toBe('stable');
    expect(pair.pcB.signalingState).toBe('stable');
    expect(errors).toEqual([]);
  });

  it('a restart while our offer is still unanswered sends that offer again', async () => {
    const pair = new PeerPair({ a: 'alice', b: 'bob' });
    await settle();
    pair.pcA.setIceState('connected');
    pair.lost = true;
    pair.pcA.setIceState('failed');
    await vi.advanceTimersByTimeAsync(100);
    expect(pair.pcA.restarts).toBe(1);
    expect(pair.pcA.signalingState).toBe('have-local-offer');
    const offersBefore = offersIn(pair.sentByA);
    pair.lost = false;

    await vi.advanceTimersByTimeAsync(10_000);
    expect(pair.pcA.restarts).toBe(2);
    expect(offersIn(pair.sentByA)).toBeGreaterThan(offersBefore);
    await settle();
    expect(pair.pcA.signalingState).toBe('stable');
    expect(pair.pcB.remoteDescription?.sdp).toContain(pair.pcA.localUfrag);
  });

  it('an offer that arrives twice is applied once and answered again; the extra answer is ignored', async () => {
    const pair = new PeerPair({ a: 'alice', b: 'bob' });
    await settle();
    const errors: Error[] = [];
    pair.a.on('error', (e) => errors.push(e));
    pair.b.on('error', (e) => errors.push(e));
    const offer = pair.sentByA.find((d) => 'description' in d);
    if (offer === undefined) throw new Error('no offer sent');
    const answersBefore = pair.sentByB.filter((d) => 'description' in d).length;
    const remoteBefore = pair.pcB.remoteDescription;

    await pair.b.signal(offer);
    await settle();
    expect(pair.sentByB.filter((d) => 'description' in d)).toHaveLength(answersBefore + 1);
    expect(pair.pcB.remoteDescription).toBe(remoteBefore);
    expect(pair.pcA.signalingState).toBe('stable');
    expect(pair.pcB.signalingState).toBe('stable');
    expect(errors).toEqual([]);
  });

  it('a restart answered while ICE stays connected (no state change, as in Chromium and Firefox) lets either side restart again at once', async () => {
    const pair = new PeerPair({ a: 'alice', b: 'bob' });
    await settle();
    pair.pcA.setIceState('connected');
    pair.pcB.setIceState('connected');
    // Well inside the 10 s a restart may stay in flight unanswered.
    const negotiate = () => vi.advanceTimersByTimeAsync(100);
    pair.a.restartIce();
    await negotiate();
    expect(pair.pcB.remoteDescription?.sdp).toContain(pair.pcA.localUfrag);
    pair.b.restartIce();
    await negotiate();
    expect(pair.pcB.restarts).toBe(1);
    expect(pair.pcA.remoteDescription?.sdp).toContain(pair.pcB.localUfrag);
    pair.b.restartIce();
    await negotiate();
    expect(pair.pcB.restarts).toBe(2);
    expect(pair.pcA.remoteDescription?.sdp).toContain(pair.pcB.localUfrag);
  });

  it('restartIce() forces a restart even while connected', async () => {
    const pair = new PeerPair();
    await settle();
    pair.pcA.setIceState('connected');
    pair.a.restartIce();
    await settle();
    expect(pair.pcA.restarts).toBe(1);
    expect(pair.pcB.remoteDescription?.sdp).toContain(pair.pcA.localUfrag);
  });
});

describe('Peer and a rebuilt remote connection', () => {
  it('hands an offer of a new remote session on (remote-rebuilt) instead of applying it', async () => {
    const pair = new PeerPair();
    await settle();
    const applied = pair.pcB.remoteDescription?.sdp;
    const handedOn: SignalData[] = [];
    pair.b.on('remote-rebuilt', (offer) => handedOn.push(offer));
    // A repeated offer of the same session is not a rebuild.
    const again = pair.sentByA.find((data) => 'description' in data);
    if (again === undefined) throw new Error('no offer from a');
    await pair.b.signal(again);
    expect(handedOn).toEqual([]);
    const rebuilt = new FakePeerConnection();
    rebuilt.addTransceiver('audio');
    await rebuilt.setLocalDescription();
    const offer: SignalData = {
      description: { type: 'offer', sdp: rebuilt.localDescription?.sdp ?? '' },
    };
    await pair.b.signal(offer);
    await settle();
    expect(handedOn).toEqual([offer]);
    expect(pair.pcB.remoteDescription?.sdp).toBe(applied);
  });
});

describe('Peer wiring', () => {
  /** The newcomer's side of a connection, without media, over `pc`. */
  const initiatorOn = (pc: FakePeerConnection) =>
    new Peer({
      remoteId: 'x',
      polite: false,
      initiator: true,
      configuration: {},
      media: { audio: null, video: null, stream: null, screen: null },
      createPeerConnection: () => pc as unknown as RTCPeerConnection,
    });

  it('starts the first offer in its constructor, without waiting for negotiationneeded', async () => {
    const pc = new FakePeerConnection();
    const setLocal = vi.spyOn(pc, 'setLocalDescription');
    const peer = initiatorOn(pc);
    const signals: SignalData[] = [];
    peer.on('signal', (data) => signals.push(data));
    expect(setLocal).toHaveBeenCalledTimes(1);
    await settle();
    // The browser's own negotiationneeded then finds an offer under way: one offer only.
    expect(setLocal).toHaveBeenCalledTimes(1);
    expect(offersIn(signals)).toBe(1);
  });

  it('surfaces every RTCPeerConnection callback as a typed event', async () => {
    const pc = new FakePeerConnection();
    const peer = initiatorOn(pc);
    const seen = new Set<string>();
    for (const event of [
      'icecandidate',
      'signalingstatechange',
      'iceconnectionstatechange',
      'connectionstatechange',
      'negotiationneeded',
      'track',
      'data-channel',
    ] as const) {
      peer.on(event, () => seen.add(event));
    }
    await settle();
    pc.setIceState('checking');
    pc.dispatchEvent(
      Object.assign(new Event('track'), {
        track: new FakeTrack('audio'),
        streams: [],
        transceiver: pc.transceivers[0],
      }),
    );
    pc.dispatchEvent(Object.assign(new Event('datachannel'), { channel: {} }));
    expect([...seen].sort()).toEqual(
      [
        'connectionstatechange',
        'data-channel',
        'icecandidate',
        'iceconnectionstatechange',
        'negotiationneeded',
        'signalingstatechange',
        'track',
      ].sort(),
    );
  });
});
