// Load-generator side of every protocol: a member connects, joins a room (or registers),
// learns its room mates, and sends and receives signals. One adapter per server under test.
import { io as socketIo } from 'socket.io-client';
import { WebSocket } from 'ws';
import type { SignalData } from '../../src/protocol/index.js';
import type { TargetName } from '../servers/targets.js';

export interface Member {
  /** The id others address this member by (server-assigned for confab). */
  readonly id: string;
  /** Room mates this member knows about (join reply + later joins or announcements). */
  readonly known: ReadonlySet<string>;
  /** Called for every relayed signal; the hot path does not parse it. */
  onSignal: (() => void) | null;
  /** Called whenever `known` grows. */
  onKnown: (() => void) | null;
  sendSignal(to: string, data: SignalData): void;
  close(): void;
}

export interface JoinSpec {
  readonly port: number;
  readonly room: string;
  /** Id to register under, for protocols where clients pick ids (all but confab). */
  readonly id: string;
  /** PeerJS has no rooms: the app announces itself to these ids through the relay. */
  readonly roomMates: readonly string[];
}

export function joinMember(target: TargetName, spec: JoinSpec): Promise<Member> {
  switch (target) {
    case 'confab':
      return joinConfab(spec);
    case 'peerjs':
      return joinPeerJs(spec);
    case 'socketio':
      return joinSocketIo(spec);
    case 'ws':
      return joinWsRelay(spec);
  }
}

/** Membership bookkeeping shared by every adapter. */
abstract class BaseMember implements Member {
  id: string;
  readonly known = new Set<string>();
  onSignal: (() => void) | null = null;
  onKnown: (() => void) | null = null;
  constructor(id: string) {
    this.id = id;
  }
  learn(ids: readonly string[]): void {
    for (const id of ids) this.known.add(id);
    this.onKnown?.();
  }
  abstract sendSignal(to: string, data: SignalData): void;
  abstract close(): void;
}

class SocketMember extends BaseMember {
  constructor(
    id: string,
    readonly socket: WebSocket,
    private readonly encode: (to: string, data: SignalData) => string,
  ) {
    super(id);
  }
  sendSignal(to: string, data: SignalData): void {
    this.socket.send(this.encode(to, data));
  }
  close(): void {
    // 1000 is a deliberate leave: confab frees the slot now instead of keeping it for resume.
    this.socket.close(1000);
  }
}

/** Connects; `onMessage` is attached at once, as a server may speak right after the upgrade. */
function open(url: string, onMessage: (raw: Buffer) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.on('message', onMessage);
    socket.once('open', () => {
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

interface Frame {
  type?: string;
  self?: { id: string };
  peers?: ({ id: string } | string)[];
  peer?: { id: string };
  id?: string;
  src?: string;
}

const idOf = (peer: { id: string } | string): string => (typeof peer === 'string' ? peer : peer.id);

/**
 * Frames of the confab and bare-ws protocols (same shapes, except that confab assigns ids):
 * signals skip parsing, `welcome` resolves the join, `peer-joined` grows the room.
 */
async function joinRoomProtocol(url: string, id: string, join: object): Promise<Member> {
  const encode = (to: string, data: SignalData): string =>
    JSON.stringify({ type: 'signal', to, data });
  let member: SocketMember | null = null;
  let joined: (frame: Frame) => void = () => undefined;
  const socket = await open(url, (raw) => {
    const text = raw.toString();
    if (text.startsWith('{"type":"signal"')) {
      member?.onSignal?.();
      return;
    }
    const frame = JSON.parse(text) as Frame;
    if (frame.type === 'welcome') joined(frame);
    else if (frame.type === 'peer-joined') member?.learn([frame.peer?.id ?? frame.id ?? '']);
  });
  const ready = new SocketMember(id, socket, encode);
  member = ready;
  return new Promise((resolve) => {
    joined = (frame) => {
      // confab assigns the id; the bare relay keeps the one the client picked.
      ready.id = frame.self?.id ?? id;
      resolve(ready);
      ready.learn((frame.peers ?? []).map(idOf));
    };
    socket.send(JSON.stringify(join));
  });
}

function joinConfab(spec: JoinSpec): Promise<Member> {
  const join = { type: 'join', v: 3, room: spec.room, name: 'bench' };
  return joinRoomProtocol(`ws://127.0.0.1:${String(spec.port)}/ws`, '', join);
}

function joinWsRelay(spec: JoinSpec): Promise<Member> {
  const url = `ws://127.0.0.1:${String(spec.port)}/?id=${encodeURIComponent(spec.id)}`;
  return joinRoomProtocol(url, spec.id, { type: 'join', room: spec.room });
}

/** PeerJS clients send a heartbeat every 5 s; the server drops silent clients after 60 s. */
const PEERJS_HEARTBEAT_MS = 5000;

function joinPeerJs(spec: JoinSpec): Promise<Member> {
  const query = `key=peerjs&id=${encodeURIComponent(spec.id)}&token=t${spec.id.length.toString()}`;
  return new Promise((resolve, reject) => {
    let member: SocketMember | null = null;
    const onMessage = (raw: Buffer): void => {
      if (member !== null && member.onSignal !== null) {
        member.onSignal();
        return;
      }
      const frame = JSON.parse(raw.toString()) as Frame;
      if (frame.type === 'OPEN') {
        void opened.then((ready) => {
          resolve(ready);
          // App-side room: tell each room mate we are here (queued by the server for those
          // that have not connected yet); a mate is known once its announcement arrives.
          for (const dst of spec.roomMates)
            ready.socket.send(
              JSON.stringify({ type: 'CANDIDATE', dst, payload: { room: spec.room } }),
            );
        });
      } else if (frame.src !== undefined)
        void opened.then((ready) => {
          ready.learn([frame.src ?? '']);
        });
    };
    const opened = open(`ws://127.0.0.1:${String(spec.port)}/peerjs?${query}`, onMessage).then(
      (socket) => {
        member = new SocketMember(spec.id, socket, (dst, data) =>
          JSON.stringify({
            type: 'description' in data ? 'OFFER' : 'CANDIDATE',
            dst,
            payload: data,
          }),
        );
        keepAlive(socket);
        return member;
      },
    );
    opened.catch(reject);
  });
}

/** PeerJS clients send a heartbeat every 5 s; the server drops silent clients after 60 s. */
function keepAlive(socket: WebSocket): void {
  const heartbeat = setInterval(() => {
    socket.send('{"type":"HEARTBEAT"}');
  }, PEERJS_HEARTBEAT_MS);
  heartbeat.unref();
  socket.once('close', () => {
    clearInterval(heartbeat);
  });
}

class SocketIoMember extends BaseMember {
  constructor(
    id: string,
    readonly socket: ReturnType<typeof socketIo>,
  ) {
    super(id);
  }
  sendSignal(to: string, data: SignalData): void {
    this.socket.emit('signal', { to, data });
  }
  close(): void {
    this.socket.disconnect();
  }
}

function joinSocketIo(spec: JoinSpec): Promise<Member> {
  const socket = socketIo(`http://127.0.0.1:${String(spec.port)}`, {
    transports: ['websocket'],
    query: { id: spec.id },
    reconnection: false,
    forceNew: true,
  });
  const member = new SocketIoMember(spec.id, socket);
  socket.on('signal', () => member.onSignal?.());
  socket.on('peer-joined', (id: string) => {
    member.learn([id]);
  });
  return new Promise((resolve, reject) => {
    socket.once('connect_error', reject);
    socket.once('connect', () => {
      socket.emit('join', spec.room, (peers: string[]) => {
        resolve(member);
        member.learn(peers);
      });
    });
  });
}
