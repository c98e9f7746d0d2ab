import type { JanusClient } from './janus-client.js';
import type { VideoRoomAdmin } from './videoroom-admin.js';

/** What the controller asks of one Janus instance, and whether it may get more. */
export interface JanusLoad {
  /** Connection open and the last keepalive answered. */
  readonly healthy: boolean;
  readonly handles: number;
  /** Publisher handles: one per participant in a room on this instance. */
  readonly publishers: number;
  /** Subscriber handles: one multistream PeerConnection per receiving participant. */
  readonly subscribers: number;
}

/** The load as the controller knows it: its own live handles. Free: no request to Janus. */
export function clientLoad(client: JanusClient): JanusLoad {
  const counts = client.handleCounts();
  return {
    healthy: client.state === 'open' && client.health.healthy,
    handles: counts.admin + counts.publisher + counts.subscriber,
    publishers: counts.publisher,
    subscribers: counts.subscriber,
  };
}

/** Janus's own view of its rooms (includes handles other controllers may hold). */
export interface RoomCensus {
  readonly rooms: number;
  readonly participants: number;
  /** Participants with an active (WebRTC) publication. */
  readonly publishing: number;
  /** True when there were more rooms than `maxRooms` and only those were counted in detail. */
  readonly truncated: boolean;
}

/**
 * Counts rooms, participants and publishers with `list` + `listparticipants`. Sequential
 * and bounded (`maxRooms` listparticipants calls), so a census never floods Janus.
 */
export async function measureRoomCensus(
  admin: VideoRoomAdmin,
  maxRooms = 200,
): Promise<RoomCensus> {
  const rooms = await admin.listRooms();
  let participants = 0;
  let publishing = 0;
  for (const room of rooms.slice(0, maxRooms)) {
    // A room destroyed between the two calls counts as empty.
    const list = await admin.listParticipants(room.room).catch(() => []);
    participants += list.length;
    publishing += list.filter((participant) => participant.publisher).length;
  }
  for (const room of rooms.slice(maxRooms)) participants += room.num_participants;
  return { rooms: rooms.length, participants, publishing, truncated: rooms.length > maxRooms };
}

/**
 * The healthy candidate with the least load (PeerConnections first, then handles), or null
 * when none is healthy. Ties keep the earlier candidate, so the order given is a preference.
 */
export function pickLeastLoaded<T>(
  candidates: readonly T[],
  loadOf: (candidate: T) => JanusLoad,
): T | null {
  let best: { candidate: T; load: JanusLoad } | null = null;
  for (const candidate of candidates) {
    const load = loadOf(candidate);
    if (!load.healthy) continue;
    if (best === null || compareLoad(load, best.load) < 0) best = { candidate, load };
  }
  return best?.candidate ?? null;
}

function compareLoad(a: JanusLoad, b: JanusLoad): number {
  const connections = a.publishers + a.subscribers - (b.publishers + b.subscribers);
  return connections !== 0 ? connections : a.handles - b.handles;
}
