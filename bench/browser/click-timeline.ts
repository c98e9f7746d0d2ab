// What the click-to-first-frame benchmark reads inside the newcomer's page of the real web app:
// an init script timestamps (performance.now()) the Join click, the page's WebSockets (opened,
// `join` sent, `welcome` received), its first offer and candidate sent, the first offer, answer
// and candidate received; and a poller
// notes when each of its peer connections decoded its first remote video frame (getStats).
// The app is not changed for this: everything is observed from outside its code.

/** The page's timeline, in ms since the page's time origin (null: did not happen). */
export interface ClickTimeline {
  readonly click: number | null;
  /** Every WebSocket the page created: when, and when it opened. */
  readonly sockets: { readonly created: number; readonly opened: number | null }[];
  readonly joinSent: number | null;
  readonly welcome: number | null;
  readonly firstOffer: number | null;
  readonly firstCandidate: number | null;
  /**
   * The first offer the page's code got (a peer's, or the SFU's for our subscriber
   * connection), and our first answer sent.
   */
  readonly offerReceived: number | null;
  readonly answerSent: number | null;
  /**
   * The first answer to our offer that reached the page's code (a peer's, or the SFU's for
   * our publisher connection), and the first remote candidate.
   */
  readonly answerReceived: number | null;
  readonly remoteCandidate: number | null;
  /** When the first of the page's negotiated connections was connected (ICE and DTLS). */
  readonly connected: number | null;
  /** Per received video stream (one per connection in a mesh, one per feed on the SFU), when it decoded its first frame. */
  readonly firstFrames: number[];
}

interface TimelineState {
  click: number | null;
  sockets: { created: number; opened: number | null; socket: WebSocket }[];
  joinSent: number | null;
  welcome: number | null;
  firstOffer: number | null;
  firstCandidate: number | null;
  offerReceived: number | null;
  answerSent: number | null;
  answerReceived: number | null;
  remoteCandidate: number | null;
  connected: number | null;
  /** By `${connection index}/${inbound-rtp id}`. */
  firstFrames: Map<string, number>;
}

declare global {
  interface Window {
    confabClickTimeline?: TimelineState;
  }
}

/** Init script (runs before the app; must not use anything from this module). */
export function recordClickTimeline(): void {
  const state: TimelineState = {
    click: null,
    sockets: [],
    joinSent: null,
    welcome: null,
    firstOffer: null,
    firstCandidate: null,
    offerReceived: null,
    answerSent: null,
    answerReceived: null,
    remoteCandidate: null,
    connected: null,
    firstFrames: new Map(),
  };
  window.confabClickTimeline = state;
  // The Join button submits the pre-join form: capture phase, before the app's handler.
  document.addEventListener(
    'submit',
    () => {
      state.click ??= performance.now();
    },
    true,
  );
  const typeOf = (text: unknown): { type?: unknown; data?: Record<string, unknown> } => {
    if (typeof text !== 'string') return {};
    try {
      return JSON.parse(text) as { type?: unknown; data?: Record<string, unknown> };
    } catch {
      return {};
    }
  };
  // Which negotiation step a frame carries, either way: a peer's `signal`, or on the SFU our
  // publish (our offer), Janus's subscriber offer, an answer or a candidate.
  const negotiationStep = (message: {
    type?: unknown;
    data?: Record<string, unknown>;
  }): 'offer' | 'answer' | 'candidate' | null => {
    if (message.type === 'sfu-publish' || message.type === 'sfu-offer') return 'offer';
    if (message.type === 'sfu-answer') return 'answer';
    if (message.type === 'sfu-candidate') return 'candidate';
    if (message.type !== 'signal' || message.data === undefined) return null;
    const description = message.data['description'] as { type?: string } | undefined;
    if (description?.type === 'offer' || description?.type === 'answer') return description.type;
    const candidate = message.data['candidate'];
    return candidate !== undefined && candidate !== null ? 'candidate' : null;
  };
  const Original = window.WebSocket;
  window.WebSocket = class extends Original {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      const entry = { created: performance.now(), opened: null as number | null, socket: this };
      state.sockets.push(entry);
      this.addEventListener('open', () => {
        entry.opened = performance.now();
      });
      this.addEventListener('message', (event: MessageEvent) => {
        const message = typeOf(event.data);
        const now = performance.now();
        if (message.type === 'welcome') state.welcome ??= now;
        const step = negotiationStep(message);
        if (step === 'offer') state.offerReceived ??= now;
        if (step === 'answer') state.answerReceived ??= now;
        if (step === 'candidate') state.remoteCandidate ??= now;
      });
    }

    override send(data: Parameters<WebSocket['send']>[0]): void {
      super.send(data);
      const message = typeOf(data);
      const now = performance.now();
      if (message.type === 'join') state.joinSent ??= now;
      const step = negotiationStep(message);
      if (step === 'offer') state.firstOffer ??= now;
      if (step === 'answer') state.answerSent ??= now;
      if (step === 'candidate') state.firstCandidate ??= now;
    }
  };
}

/**
 * Polls (every 10 ms) the page's negotiated connections until `expected` received video
 * streams decoded a frame, or `budgetMs` passed since it started. Resolves when done either way.
 */
export async function awaitFirstFrames(arg: { expected: number; budgetMs: number }): Promise<void> {
  const state = window.confabClickTimeline;
  if (state === undefined) throw new Error('click timeline not installed');
  const started = performance.now();
  // The event, not only the poll: on a starved page a connection can connect, decode and
  // drop back to `disconnected` between two polls.
  const watched = new WeakSet<RTCPeerConnection>();
  const watch = (pc: RTCPeerConnection) => {
    const connected = () => {
      if (pc.connectionState === 'connected') state.connected ??= performance.now();
    };
    connected();
    if (watched.has(pc)) return;
    watched.add(pc);
    pc.addEventListener('connectionstatechange', connected);
  };
  while (state.firstFrames.size < arg.expected && performance.now() - started < arg.budgetMs) {
    const all = window.confabTestPeerConnections ?? [];
    await Promise.all(
      all.map(async (pc, index) => {
        if (pc.signalingState === 'closed') return;
        watch(pc);
        if (pc.remoteDescription === null) return;
        const report = await pc.getStats();
        // Again: it may have connected, and even decoded, while the stats were read.
        watch(pc);
        report.forEach(
          (stat: { type: string; id: string; kind?: string; framesDecoded?: number }) => {
            const key = `${String(index)}/${stat.id}`;
            if (stat.type !== 'inbound-rtp' || stat.kind !== 'video' || state.firstFrames.has(key))
              return;
            if ((stat.framesDecoded ?? 0) > 0) state.firstFrames.set(key, performance.now());
          },
        );
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Whether the meeting page shows exactly `count` remote camera tiles (on any path). */
export function remoteTilesAre(count: number): boolean {
  return document.querySelectorAll('[data-peer-id][data-source="camera"]').length === count;
}

/** Whether at least `count` remote camera tiles play a sized video. */
export function playingTilesAtLeast(count: number): boolean {
  const playing = [
    ...document.querySelectorAll<HTMLElement>('[data-peer-id][data-source="camera"]'),
  ].filter((tile) => {
    const video = tile.querySelector('video');
    return video !== null && video.videoWidth > 0 && !video.paused;
  });
  return playing.length >= count;
}

/** The timeline so far, as plain data. */
export function readClickTimeline(): ClickTimeline {
  const state = window.confabClickTimeline;
  if (state === undefined) throw new Error('click timeline not installed');
  return {
    click: state.click,
    sockets: state.sockets.map((s) => ({ created: s.created, opened: s.opened })),
    joinSent: state.joinSent,
    welcome: state.welcome,
    firstOffer: state.firstOffer,
    firstCandidate: state.firstCandidate,
    offerReceived: state.offerReceived,
    answerSent: state.answerSent,
    answerReceived: state.answerReceived,
    remoteCandidate: state.remoteCandidate,
    connected: state.connected,
    firstFrames: [...state.firstFrames.values()],
  };
}

/**
 * The pre-join page has settled as it would while a person types a name: the camera preview
 * plays, the WebRTC warm-up connection is done (closed), and every WebSocket it opened is open.
 */
export function prejoinSettled(): boolean {
  const preview = document.querySelector<HTMLVideoElement>('video.preview-video');
  const warmedUp = (window.confabTestPeerConnections ?? []).some(
    (pc) => pc.signalingState === 'closed',
  );
  const sockets = window.confabClickTimeline?.sockets ?? [];
  const socketsOpen = sockets.every((s) => s.socket.readyState === WebSocket.OPEN);
  return (preview?.videoWidth ?? 0) > 0 && warmedUp && socketsOpen;
}

/** Whether exactly `count` of the page's negotiated connections are connected. */
export function connectedCountIs(count: number): boolean {
  const connected = (window.confabTestPeerConnections ?? []).filter(
    (pc) => pc.remoteDescription !== null && pc.connectionState === 'connected',
  );
  return connected.length === count;
}
