// A minimal in-page meeting participant for browser tests: raw RTCPeerConnection and a
// WebSocket to confab's /ws (protocol v1). It stands in for the client library until that
// lands; swap `joinMesh`/`meshSnapshot` for it then. Both functions run inside the page via
// `page.evaluate`, so each is self-contained: no imports, no outside references.

export interface MeshOptions {
  /** Signaling endpoints, own node first; after a drop the next one is tried (failover). */
  readonly signalingUrls: readonly string[];
  readonly room: string;
  readonly name: string;
}

export interface PeerSnapshot {
  readonly connectionState: string;
  /** Every connectionState this pair went through, in order. */
  readonly states: readonly string[];
  /** Video frames decoded from this peer so far (inbound-rtp). */
  readonly framesDecoded: number;
}

export interface MeshSnapshot {
  /** The id of every welcome received: one per join or resume. */
  readonly welcomes: readonly string[];
  readonly peerLeft: readonly string[];
  readonly errors: readonly string[];
  readonly peers: Readonly<Record<string, PeerSnapshot>>;
}

interface PeerEntry {
  readonly pc: RTCPeerConnection;
  readonly states: string[];
  chain: Promise<void>;
}

interface MeshState {
  readonly peers: Map<string, PeerEntry>;
  readonly welcomes: string[];
  readonly peerLeft: string[];
  readonly errors: string[];
}

declare global {
  interface Window {
    confabMesh?: MeshState;
  }
}

/** Joins the room, offers to everyone already there, answers the rest; resolves with own id. */
export async function joinMesh(options: MeshOptions): Promise<string> {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { width: 320, height: 240, frameRate: 15 },
    audio: false,
  });
  const state: MeshState = { peers: new Map(), welcomes: [], peerLeft: [], errors: [] };
  window.confabMesh = state;
  let socket: WebSocket | null = null;
  let resume: string | null = null;
  let joined = false;
  let attempt = 0;
  let outbox: string[] = [];
  let onWelcome: (id: string) => void = () => undefined;
  const welcomed = new Promise<string>((resolve) => (onWelcome = resolve));

  const record = (value: unknown): Record<string, unknown> =>
    typeof value === 'object' && value !== null ? { ...value } : {};
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');

  const send = (message: object): void => {
    const frame = JSON.stringify(message);
    if (joined && socket?.readyState === WebSocket.OPEN) socket.send(frame);
    else outbox.push(frame);
  };

  const peer = (id: string): PeerEntry => {
    const existing = state.peers.get(id);
    if (existing) return existing;
    const pc = new RTCPeerConnection({ iceServers: [] });
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    const entry: PeerEntry = { pc, states: [], chain: Promise.resolve() };
    pc.onicecandidate = (event) => {
      send({ type: 'signal', to: id, data: { candidate: event.candidate?.toJSON() ?? null } });
    };
    pc.onconnectionstatechange = () => entry.states.push(pc.connectionState);
    state.peers.set(id, entry);
    return entry;
  };

  const onSignal = async (from: string, data: Record<string, unknown>): Promise<void> => {
    const { pc } = peer(from);
    const description = record(data['description']);
    if ('description' in data) {
      const type = description['type'] === 'offer' ? 'offer' : 'answer';
      await pc.setRemoteDescription({ type, sdp: text(description['sdp']) });
      if (type === 'offer') {
        await pc.setLocalDescription(await pc.createAnswer());
        send({ type: 'signal', to: from, data: { description: pc.localDescription?.toJSON() } });
      }
    } else if (data['candidate'] !== null) {
      const candidate = record(data['candidate']);
      await pc.addIceCandidate({
        candidate: text(candidate['candidate']),
        sdpMid: typeof candidate['sdpMid'] === 'string' ? candidate['sdpMid'] : null,
        sdpMLineIndex:
          typeof candidate['sdpMLineIndex'] === 'number' ? candidate['sdpMLineIndex'] : null,
      });
    }
  };

  const offerTo = async (id: string): Promise<void> => {
    const { pc } = peer(id);
    await pc.setLocalDescription(await pc.createOffer());
    send({ type: 'signal', to: id, data: { description: pc.localDescription?.toJSON() } });
  };

  const onMessage = (message: Record<string, unknown>): void => {
    switch (message['type']) {
      case 'welcome': {
        const id = text(record(message['self'])['id']);
        const first = resume === null;
        resume = text(message['resume']);
        joined = true;
        state.welcomes.push(id);
        // The newcomer offers to everyone listed; a resumed member keeps its connections.
        if (first && Array.isArray(message['peers'])) {
          for (const listed of message['peers']) void offerTo(text(record(listed)['id']));
        }
        for (const frame of outbox) socket?.send(frame);
        outbox = [];
        onWelcome(id);
        return;
      }
      case 'peer-left': {
        const id = text(message['id']);
        state.peerLeft.push(id);
        state.peers.get(id)?.pc.close();
        state.peers.delete(id);
        return;
      }
      case 'signal': {
        const entry = peer(text(message['from']));
        const data = record(message['data']);
        entry.chain = entry.chain.then(() => onSignal(text(message['from']), data));
        entry.chain = entry.chain.catch((error: unknown) => {
          state.errors.push(String(error));
        });
        return;
      }
      case 'error':
        state.errors.push(text(message['code']));
        return;
      default:
        return;
    }
  };

  const connect = (): void => {
    const url = options.signalingUrls[attempt % options.signalingUrls.length] ?? '';
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      const join = { type: 'join', v: 1, room: options.room, name: options.name };
      ws.send(JSON.stringify(resume === null ? join : { ...join, resume }));
    };
    ws.onmessage = (event: MessageEvent<unknown>) => {
      const parsed: unknown = JSON.parse(text(event.data));
      onMessage(record(parsed));
    };
    // Any close we did not ask for: fail over to the next node and resume there.
    ws.onclose = () => {
      joined = false;
      attempt++;
      // Straight to the next node; after a full round of failures, breathe first.
      if (attempt % options.signalingUrls.length === 0) setTimeout(connect, 500);
      else connect();
    };
  };
  connect();
  return welcomed;
}

/** Connection state and decoded video frames of every peer connection in the page. */
export async function meshSnapshot(): Promise<MeshSnapshot> {
  const state = window.confabMesh;
  if (!state) throw new Error('joinMesh has not run in this page');
  const peers: Record<string, PeerSnapshot> = {};
  for (const [id, { pc, states }] of state.peers) {
    let framesDecoded = 0;
    (await pc.getStats()).forEach((report: { type?: unknown; framesDecoded?: unknown }) => {
      if (report.type === 'inbound-rtp' && typeof report.framesDecoded === 'number')
        framesDecoded += report.framesDecoded;
    });
    peers[id] = { connectionState: pc.connectionState, states: [...states], framesDecoded };
  }
  return {
    welcomes: [...state.welcomes],
    peerLeft: [...state.peerLeft],
    errors: [...state.errors],
    peers,
  };
}
