// Drives the client library (served at /lib/confab.js) in real Chromium pages: one browser
// context per participant, fake camera and microphone, the real server. Apps see only the
// `Call`; this harness also reads each connection's raw stats through the call's test-only
// internals (`Symbol.for('confab.internals')`, src/client/call/internals.ts).
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { CallInternals } from '../src/client/call/internals.js';
import type * as ConfabLibrary from '../src/client/index.js';
import type { PageScripts } from './support/browser-page.js';

export interface HarnessLog {
  left: string[];
  joinedKinds: string[];
  rollbacks: number;
  /** Remote ids whose Peer was closed. */
  closedPeers: string[];
  /** [remote id, state, ms since the join started]. */
  peerStates: [string, string, number][];
  /** [remote id, the peer connection's iceConnectionState, ms since the join started]. */
  iceStates: [string, RTCIceConnectionState, number][];
  /** Ms since the join started of each network change the browser announced. */
  networkChanges: number[];
  errors: string[];
}

interface HarnessState {
  call: ConfabLibrary.Call;
  /** The call's transports (tests only; apps never see them). */
  internals: CallInternals;
  lib: typeof ConfabLibrary;
  log: HarnessLog;
  local: MediaStream | null;
}

declare global {
  interface Window {
    confabHarness?: HarnessState;
  }
}

export interface JoinOptions {
  /** Fake camera + microphone (default), or none (listen-only). */
  readonly media?: 'av' | 'none';
  readonly iceTransportPolicy?: RTCIceTransportPolicy;
  /** Base URL the page is loaded from (e.g. a proxy in front of the server). */
  readonly via?: string;
  /** Other nodes of a scale-out deployment the client may fail over to. */
  readonly fallbackServers?: readonly string[];
  /** A browser without WebRTC: the page has no RTCPeerConnection (joins with webrtc:false). */
  readonly withoutWebRTC?: boolean;
}

/** A participant who joined with the client library, in Chromium or Firefox. */
export interface LibraryParticipant {
  readonly name: string;
  readonly page: PageScripts;
  readonly id: string;
}

/** A Chromium participant in its own browser context. */
export interface Participant extends LibraryParticipant {
  readonly page: Page;
  readonly context: BrowserContext;
}

/** Opens a page on the server and joins `room` with the client library. */
export async function joinRoom(
  browser: Browser,
  serverUrl: string,
  room: string,
  name: string,
  options: JoinOptions = {},
): Promise<Participant> {
  const context = await browser.newContext();
  if (options.withoutWebRTC === true)
    await context.addInitScript(() => {
      Reflect.deleteProperty(window, 'RTCPeerConnection');
    });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    console.error(`[${name}] page error: ${error.message}`);
  });
  await page.goto(`${options.via ?? serverUrl}/examples/minimal.html`);
  const id = await joinWithLibrary(page, room, name, options);
  return { name, page, context, id };
}

/**
 * Joins `room` with the client library from a page already on a confab server (any
 * browser); resolves with our participant id.
 */
export async function joinWithLibrary(
  page: PageScripts,
  room: string,
  name: string,
  options: JoinOptions = {},
): Promise<string> {
  return page.evaluate(
    async ({ room, name, media, policy, libraryUrl, fallbackServers }) => {
      const lib = (await import(libraryUrl)) as typeof ConfabLibrary;
      const local =
        media === 'av'
          ? await navigator.mediaDevices.getUserMedia({
              audio: true,
              video: { width: 320, height: 180, frameRate: 15 },
            })
          : null;
      const call = new lib.Call({
        room,
        name,
        audio: local?.getAudioTracks()[0] ?? null,
        video: local?.getVideoTracks()[0] ?? null,
        ...(policy === null ? {} : { iceTransportPolicy: policy }),
        fallbackServers,
      });
      const internals = (call as unknown as Record<symbol, CallInternals | undefined>)[
        Symbol.for('confab.internals')
      ];
      if (internals === undefined) throw new Error('no call internals');
      const log: HarnessLog = {
        left: [],
        joinedKinds: [],
        rollbacks: 0,
        closedPeers: [],
        peerStates: [],
        iceStates: [],
        networkChanges: [],
        errors: [],
      };
      call.on('participant-left', (peerId) => log.left.push(peerId));
      internals.signaling.on('joined', (_welcome, kind) => log.joinedKinds.push(kind));
      const startedAt = performance.now();
      const sinceJoin = (): number => Math.round(performance.now() - startedAt);
      call.on('connection-state', (peerId, state) =>
        log.peerStates.push([peerId, state, sinceJoin()]),
      );
      // What the client's network watch listens to (src/client/network-watch.ts).
      const networkChanged = (): number => log.networkChanges.push(sinceJoin());
      window.addEventListener('online', networkChanged);
      (navigator as { connection?: EventTarget }).connection?.addEventListener(
        'change',
        networkChanged,
      );
      call.on('error', (error) => log.errors.push(`${error.code}: ${error.message}`));
      internals.mesh.on('peer-created', (peerId, peer) => {
        peer.pc.addEventListener('iceconnectionstatechange', () =>
          log.iceStates.push([peerId, peer.pc.iceConnectionState, sinceJoin()]),
        );
        peer.on('rollback', () => {
          log.rollbacks += 1;
        });
        peer.on('closed', () => {
          log.closedPeers.push(peerId);
        });
      });
      window.confabHarness = { call, internals, lib, log, local };
      const self = await call.join();
      return self.id;
    },
    {
      room,
      name,
      media: options.media ?? 'av',
      policy: options.iceTransportPolicy ?? null,
      libraryUrl: '/lib/confab.js',
      fallbackServers: options.fallbackServers ?? [],
    },
  );
}

export interface PeerStats {
  readonly id: string;
  readonly name: string;
  readonly connectionState: string;
  readonly signalingState: string;
  readonly framesDecoded: number;
  readonly audioBytesReceived: number;
  readonly screenFramesDecoded: number;
  readonly localCandidateType: string | null;
  readonly remoteCandidateType: string | null;
  /** Transport of the selected local candidate (udp/tcp) and, for relay candidates, how we reach TURN. */
  readonly localProtocol: string | null;
  readonly relayProtocol: string | null;
  readonly localAddress: string | null;
}

/** Per remote participant: connection state and what this page decodes from it. */
export async function peerStats(participant: LibraryParticipant): Promise<PeerStats[]> {
  return participant.page.evaluate(async () => {
    const harness = window.confabHarness;
    if (!harness) throw new Error('not joined');
    const withPeer = harness.call.participants.flatMap((p) => {
      const peer = harness.internals.mesh.peer(p.id);
      return peer === undefined ? [] : [{ ...p, peer }];
    });
    return Promise.all(
      withPeer.map(async (p) => {
        const report = await p.peer.pc.getStats();
        const screenMids = new Set(
          p.peer.remoteTracks.filter((t) => t.source === 'screen').map((t) => t.transceiver.mid),
        );
        let framesDecoded = 0;
        let screenFramesDecoded = 0;
        let audioBytesReceived = 0;
        let pairId: string | undefined;
        const byId = new Map<string, Record<string, unknown>>();
        for (const stat of report.values() as IterableIterator<Record<string, unknown>>) {
          byId.set(String(stat['id']), stat);
          if (stat['type'] === 'transport' && typeof stat['selectedCandidatePairId'] === 'string') {
            pairId = stat['selectedCandidatePairId'];
          }
          // Firefox has no transport stats; it flags the pair (as connection-stats.ts reads it).
          if (
            stat['type'] === 'candidate-pair' &&
            stat['selected'] === true &&
            pairId === undefined
          )
            pairId = String(stat['id']);
          if (stat['type'] !== 'inbound-rtp') continue;
          if (stat['kind'] === 'audio') audioBytesReceived += Number(stat['bytesReceived'] ?? 0);
          else if (screenMids.has(String(stat['mid'])))
            screenFramesDecoded += Number(stat['framesDecoded'] ?? 0);
          else framesDecoded += Number(stat['framesDecoded'] ?? 0);
        }
        const pair = pairId === undefined ? undefined : byId.get(pairId);
        const local = pair ? byId.get(String(pair['localCandidateId'])) : undefined;
        const remote = pair ? byId.get(String(pair['remoteCandidateId'])) : undefined;
        const field = (candidate: Record<string, unknown> | undefined, key: string) =>
          typeof candidate?.[key] === 'string' ? candidate[key] : null;
        return {
          id: p.id,
          name: p.name,
          connectionState: p.peer.pc.connectionState,
          signalingState: p.peer.pc.signalingState,
          framesDecoded,
          audioBytesReceived,
          screenFramesDecoded,
          localCandidateType: field(local, 'candidateType'),
          remoteCandidateType: field(remote, 'candidateType'),
          localProtocol: field(local, 'protocol'),
          relayProtocol: field(local, 'relayProtocol'),
          localAddress: field(local, 'address'),
        };
      }),
    );
  });
}

export async function harnessLog(participant: LibraryParticipant): Promise<HarnessLog> {
  return participant.page.evaluate(() => {
    const log = window.confabHarness?.log;
    if (!log) throw new Error('not joined');
    return log;
  });
}

/** True when every participant is connected to every other one. */
export async function fullMeshConnected(
  participants: readonly LibraryParticipant[],
): Promise<boolean> {
  for (const participant of participants) {
    const stats = await peerStats(participant);
    const others = participants
      .filter((p) => p !== participant)
      .map((p) => p.id)
      .sort();
    const connected = stats
      .filter((s) => s.connectionState === 'connected')
      .map((s) => s.id)
      .sort();
    if (JSON.stringify(connected) !== JSON.stringify(others)) return false;
  }
  return true;
}

/** Decoded video frames and audio bytes, per (receiver, sender) pair. */
export async function mediaCounters(
  participants: readonly LibraryParticipant[],
): Promise<Map<string, PeerStats>> {
  const counters = new Map<string, PeerStats>();
  for (const participant of participants) {
    for (const stats of await peerStats(participant))
      counters.set(`${participant.name}<-${stats.name}`, stats);
  }
  return counters;
}

/** Pairs whose video frames or audio bytes did not grow since `before`. */
export async function stalledPairs(
  participants: readonly LibraryParticipant[],
  before: Map<string, PeerStats>,
): Promise<string[]> {
  const after = await mediaCounters(participants);
  const stalled: string[] = [];
  for (const [pair, stats] of after) {
    const previous = before.get(pair);
    if (
      !previous ||
      stats.framesDecoded <= previous.framesDecoded ||
      stats.audioBytesReceived <= previous.audioBytesReceived
    ) {
      stalled.push(pair);
    }
  }
  return stalled;
}

export async function leaveAll(participants: readonly Participant[]): Promise<void> {
  await Promise.all(participants.map((p) => p.context.close()));
}

/** The page's signaling state and own id. */
export async function signalingInfo(
  participant: LibraryParticipant,
): Promise<{ state: string; id: string | null }> {
  return participant.page.evaluate(() => {
    const harness = window.confabHarness;
    if (!harness) throw new Error('not joined');
    return { state: harness.internals.signaling.state, id: harness.call.self?.id ?? null };
  });
}

interface HeldSignaling {
  heldFrames: [WebSocket, string][];
  originalSend: PropertyDescriptor | undefined;
}

/** Makes the page keep every outgoing signaling frame until `releaseSignaling`. */
export async function holdSignaling(participant: LibraryParticipant): Promise<void> {
  await participant.page.evaluate(() => {
    const state: HeldSignaling = {
      heldFrames: [],
      originalSend: Object.getOwnPropertyDescriptor(WebSocket.prototype, 'send'),
    };
    Object.assign(window, state);
    Object.defineProperty(WebSocket.prototype, 'send', {
      configurable: true,
      writable: true,
      value(this: WebSocket, data: string) {
        state.heldFrames.push([this, data]);
      },
    });
  });
}

export async function heldFrames(participant: LibraryParticipant): Promise<string[]> {
  return participant.page.evaluate(() =>
    (window as unknown as HeldSignaling).heldFrames.map(([, data]) => data),
  );
}

export async function releaseSignaling(participant: LibraryParticipant): Promise<void> {
  await participant.page.evaluate(() => {
    const state = window as unknown as HeldSignaling;
    if (state.originalSend) Object.defineProperty(WebSocket.prototype, 'send', state.originalSend);
    for (const [socket, data] of state.heldFrames.splice(0)) socket.send(data);
  });
}

/** Starts sharing an animated canvas as the "screen" (headless Chromium has no screen to capture). */
export async function startCanvasShare(participant: LibraryParticipant): Promise<void> {
  await participant.page.evaluate(() => {
    const harness = window.confabHarness;
    if (!harness) throw new Error('not joined');
    const canvas = Object.assign(document.createElement('canvas'), { width: 320, height: 180 });
    const context = canvas.getContext('2d');
    let frame = 0;
    setInterval(() => {
      if (!context) return;
      context.fillStyle = `hsl(${String((frame += 7) % 360)} 80% 50%)`;
      context.fillRect(0, 0, canvas.width, canvas.height);
    }, 66);
    const stream = canvas.captureStream(15);
    const track = stream.getVideoTracks()[0];
    if (!track) throw new Error('no canvas track');
    harness.call.startScreenShare(track, stream);
  });
}
