// The two ways the page joins a room. Everything WebRTC is confab's `Peer` in both (same
// negotiation, same m-lines, same media); only signaling and membership differ:
// confab: the client library's `Call` (its SignalingClient, welcome, pre-join warm-up);
// peerjs: a PeerJS server reached through a thin adapter, the app knowing who is in the room.
import { Call } from '../../../src/client/index.js';
import { callInternals } from '../../../src/client/call/internals.js';
import { Peer } from '../../../src/client/peer.js';
import { isPolite, type LocalTracks } from '../../../src/client/peer-types.js';
import { PeerJsSignaling } from './peerjs-signaling.js';
import type { PairClock } from './timing.js';
import type { JoinOptions } from './types.js';

export interface Local {
  readonly audio: MediaStreamTrack | null;
  readonly video: MediaStreamTrack | null;
}

export async function joinConfab(
  options: JoinOptions,
  local: Local,
  clock: PairClock,
  errors: string[],
): Promise<void> {
  const call = new Call({
    server: options.server,
    room: options.room,
    name: 'bench',
    audio: local.audio,
    video: local.video,
    adaptVideoQuality: options.adaptVideo,
    leaveOnPageHide: false,
    ...(options.relayOnly ? { iceTransportPolicy: 'relay' as const } : {}),
  });
  // The benchmark times each connection's own events: it reaches the peers by path.
  callInternals(call).mesh.on('peer-created', (id, peer) => {
    clock.watch(id, peer.pc, local.video !== null);
  });
  call.on('error', (error) => errors.push(`${error.code}: ${error.message}`));
  const { tileHeight } = options;
  if (tileHeight !== undefined) {
    // As the web app's grid does: every remote tile at this size, on screen.
    const view = { width: Math.round((tileHeight * 16) / 9), height: tileHeight };
    const show = (id: string): void => {
      call.setView(id, 'camera', { ...view, visible: true, spotlight: false });
    };
    call.on('participant-joined', (participant) => {
      show(participant.id);
    });
    await call.join();
    for (const participant of call.participants) show(participant.id);
    return;
  }
  await call.join();
}

export async function joinPeerJs(
  options: JoinOptions,
  local: Local,
  clock: PairClock,
  errors: string[],
): Promise<void> {
  const peers = new Map<string, Peer>();
  const media: LocalTracks = {
    audio: local.audio,
    video: local.video,
    stream: new MediaStream(),
    screen: null,
  };
  const add = (remoteId: string, initiator: boolean): Peer => {
    const peer = new Peer({
      remoteId,
      polite: isPolite(options.selfId, remoteId),
      initiator,
      media,
      configuration: {
        iceServers: options.iceServers,
        bundlePolicy: 'max-bundle',
        ...(options.relayOnly ? { iceTransportPolicy: 'relay' as const } : {}),
      },
    });
    peer.on('signal', (data) => {
      signaling.send(remoteId, data);
    });
    peer.on('error', (error) => errors.push(`${error.code}: ${error.message}`));
    peers.set(remoteId, peer);
    clock.watch(remoteId, peer.pc, local.video !== null);
    return peer;
  };
  const signaling = new PeerJsSignaling(options.server, options.selfId, (from, data) => {
    void (peers.get(from) ?? add(from, false)).signal(data);
  });
  await signaling.opened();
  // The newcomer offers to everyone already there, as confab's newcomer does on `welcome`.
  for (const id of options.existing) add(id, true);
}
