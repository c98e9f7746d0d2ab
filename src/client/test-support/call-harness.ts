import { afterEach, beforeEach, vi } from 'vitest';
import type {
  ClientMessageInput,
  MediaSource,
  RoomMode,
  SfuStream,
  WelcomeMessage,
} from '../../protocol/index.js';
import { Call } from '../call/call.js';
import type { CallOptions } from '../call/call-types.js';
import { callInternals } from '../call/internals.js';
import { BackoffReconnectPolicy } from '../reconnect-policy.js';
import { FakePeerConnection, FakeTrack, type FakeTransceiver } from './fake-peer-connection.js';
import { FakeWebSocket } from './fake-websocket.js';

/** Every test of the file on fake timers, with no sockets or connections of earlier tests. */
export function useFakeCallWorld(): void {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeWebSocket.instances = [];
    FakePeerConnection.created = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

export const MESH: RoomMode = { path: 'mesh', epoch: 0, pinned: false };

export function welcome(
  id: string,
  peers: readonly (string | { id: string; webrtc: false })[],
  options: { resume?: string; mode?: RoomMode; iceServers?: WelcomeMessage['iceServers'] } = {},
): WelcomeMessage {
  return {
    type: 'welcome',
    v: 3,
    self: { id, name: id },
    peers: peers.map((p) => (typeof p === 'string' ? { id: p, name: p } : { ...p, name: p.id })),
    iceServers: options.iceServers ?? [],
    resume: options.resume ?? `t-${id}`,
    mode: options.mode ?? MESH,
    room: { host: id, locked: false, lobby: false, passcode: false },
  };
}

/** A Call on fakes (WebSocket, RTCPeerConnection), joined as `selfId` with `peers` present. */
export async function joinedCall(
  selfId: string,
  peers: readonly (string | { id: string; webrtc: false })[],
  extra: Partial<CallOptions> & {
    mode?: RoomMode;
    iceServers?: WelcomeMessage['iceServers'];
    /** Called with the call before it joins (to listen from the start). */
    listen?: (call: Call) => void;
  } = {},
) {
  const { mode, iceServers, listen, ...options } = extra;
  const call = new Call({
    webrtc: true,
    audio: new FakeTrack('audio') as unknown as MediaStreamTrack,
    video: new FakeTrack('video') as unknown as MediaStreamTrack,
    leaveOnPageHide: false,
    ...options,
    room: 'r',
    name: selfId,
    server: 'http://test',
    createPeerConnection: options.createPeerConnection ?? FakePeerConnection.factory(),
    signaling: {
      createWebSocket: FakeWebSocket.factory(),
      reconnectPolicy: new BackoffReconnectPolicy(10, () => 0.5),
      // The scripted server never answers pings; keep the socket regardless.
      deadAfterMs: Number.MAX_SAFE_INTEGER,
    },
  });
  listen?.(call);
  const joining = call.join();
  await vi.advanceTimersByTimeAsync(0);
  const socket = FakeWebSocket.latest();
  socket.open();
  socket.receive(
    welcome(selfId, peers, {
      ...(mode === undefined ? {} : { mode }),
      ...(iceServers === undefined ? {} : { iceServers }),
    }),
  );
  await joining;
  await vi.advanceTimersByTimeAsync(10);
  return { call, socket, sfu: new FakeSfu(socket) };
}

export function sent<T extends ClientMessageInput['type']>(
  socket: FakeWebSocket,
  type: T,
): Extract<ClientMessageInput, { type: T }>[] {
  return socket.sent.filter((m): m is Extract<ClientMessageInput, { type: T }> => m.type === type);
}

export const offersTo = (socket: FakeWebSocket) =>
  sent(socket, 'signal')
    .filter((m) => 'description' in m.data && m.data.description.type === 'offer')
    .map((m) => m.to);

/** The fake connection of a call's mesh peer to `id`. */
export function meshPc(call: Call, id: string): FakePeerConnection | undefined {
  return callInternals(call).mesh.peer(id)?.pc as unknown as FakePeerConnection | undefined;
}

export function sfuPcs(call: Call): {
  publisher: FakePeerConnection | undefined;
  subscriber: FakePeerConnection | undefined;
} {
  const sfu = callInternals(call).sfu();
  return {
    publisher: sfu?.publisher.pc as unknown as FakePeerConnection | undefined,
    subscriber: sfu?.subscriber?.pc as unknown as FakePeerConnection | undefined,
  };
}

export const sfuMode = (epoch: number): RoomMode => ({ path: 'sfu', epoch, pinned: false });

/** Plays the server's SFU side (Janus behind it) on the scripted socket, with fake connections. */
export class FakeSfu {
  /** Janus's end of our subscriber connection (one per epoch). */
  #subscriber = new Map<number, FakePeerConnection>();
  readonly #streams = new Map<number, SfuStream[]>();

  constructor(private readonly socket: FakeWebSocket) {}

  publishes() {
    return sent(this.socket, 'sfu-publish');
  }

  /** Answers the client's latest `sfu-publish`. */
  async answerPublish(): Promise<void> {
    const offer = this.publishes().at(-1);
    if (offer === undefined) throw new Error('no sfu-publish');
    const janus = new FakePeerConnection();
    await janus.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
    await janus.setLocalDescription();
    this.socket.receive({
      type: 'sfu-answer',
      epoch: offer.epoch,
      sdp: janus.localDescription?.sdp ?? '',
    });
    await vi.advanceTimersByTimeAsync(0);
  }

  /**
   * Offers the client's subscriber connection the feeds of `feeds` (added to the earlier
   * ones of this epoch); returns the receiving transceivers of the client by mid.
   */
  async offer(epoch: number, feeds: readonly { peer: string; source: MediaSource }[]) {
    let janus = this.#subscriber.get(epoch);
    if (janus === undefined) {
      janus = new FakePeerConnection();
      this.#subscriber.set(epoch, janus);
    }
    const streams = this.#streams.get(epoch) ?? [];
    const added: FakeTransceiver[] = feeds.map(({ source }) =>
      janus.addTransceiver(source === 'microphone' ? 'audio' : 'video', { direction: 'sendonly' }),
    );
    await janus.setLocalDescription();
    added.forEach((transceiver, i) => {
      const feed = feeds[i];
      if (feed !== undefined) streams.push({ mid: transceiver.mid ?? '', ...feed });
    });
    this.#streams.set(epoch, streams);
    this.socket.receive({
      type: 'sfu-offer',
      epoch,
      sdp: janus.localDescription?.sdp ?? '',
      streams,
    });
    await vi.advanceTimersByTimeAsync(0);
    const answer = sent(this.socket, 'sfu-answer').at(-1);
    if (answer !== undefined && janus.signalingState === 'have-local-offer')
      await janus.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    return streams;
  }
}

/**
 * Answers the call's mesh offer to `id` from a fake remote, connects ICE and lets media
 * flow on every received track (unmuted), as a working peer-to-peer connection does.
 */
export async function connectMesh(call: Call, id: string): Promise<FakePeerConnection> {
  const pc = meshPc(call, id);
  if (pc?.localDescription === undefined || pc.localDescription === null)
    throw new Error(`no mesh offer to ${id}`);
  const remote = new FakePeerConnection();
  await remote.setRemoteDescription(pc.localDescription);
  for (const t of remote.transceivers) t.direction = 'sendrecv';
  await remote.setLocalDescription();
  callInternals(call).mesh.signal(id, {
    description: { type: 'answer', sdp: remote.localDescription?.sdp ?? '' },
  });
  await vi.advanceTimersByTimeAsync(10);
  pc.setIceState('connected');
  for (const t of pc.transceivers) t.receiver.track.setMuted(false);
  return pc;
}

/** The call's receiving SFU transceiver of a mid. */
export function sfuReceiver(call: Call, mid: string): FakeTransceiver {
  const transceiver = sfuPcs(call).subscriber?.transceivers.find((t) => t.mid === mid);
  if (transceiver === undefined) throw new Error(`no subscriber mid ${mid}`);
  return transceiver;
}
