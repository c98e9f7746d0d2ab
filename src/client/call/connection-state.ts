import type { RoomPath } from '../../protocol/index.js';
import type { ConnectionFailure, ConnectionState } from './call-types.js';
import type { MeshStatus } from './mesh-transport.js';
import type { SfuLinkState } from './sfu-connection.js';

export interface ConnectionInput {
  /** Both sides can do WebRTC. */
  readonly webrtc: boolean;
  /** The path that carries the participant's media now. */
  readonly carrier: RoomPath;
  readonly mesh: MeshStatus | null;
  readonly sfu: SfuLinkState | null;
}

export interface Connection {
  readonly state: ConnectionState;
  readonly failure: ConnectionFailure | null;
}

/** Our connection to a participant, from the transport that carries it. */
export function connectionOf(input: ConnectionInput): Connection {
  if (!input.webrtc) return { state: 'unsupported', failure: null };
  if (input.carrier === 'mesh') {
    const mesh = input.mesh;
    if (mesh === null) return { state: 'connecting', failure: null };
    return {
      state: mesh.state,
      failure: mesh.state === 'failed' ? (mesh.failure ?? 'ice-failed') : null,
    };
  }
  switch (input.sfu) {
    case null:
    case 'closed':
      // Between two SFU sessions (a new one replaces a lost one).
      return { state: 'connecting', failure: null };
    case 'failed':
      return { state: 'failed', failure: 'ice-failed' };
    default:
      return { state: input.sfu, failure: null };
  }
}
