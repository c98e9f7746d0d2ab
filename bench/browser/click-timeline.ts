// What the click-to-first-frame benchmark reads inside the newcomer's page of the real web app:
// an init script timestamps (performance.now()) the Join click, the page's WebSockets (opened,
// `join` sent, `welcome` received), its first offer and first candidate sent; and a poller
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
  /** Per negotiated connection, when it decoded its first video frame. */
  readonly firstFrames: number[];
}

interface TimelineState {
  click: number | null;
  sockets: { created: number; opened: number | null; socket: WebSocket }[];
  joinSent: number | null;
  welcome: number | null;
  firstOffer: number | null;
  firstCandidate: number | null;
  firstFrames: Map<RTCPeerConnection, number>;
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
        if (typeOf(event.data).type === 'welcome') state.welcome ??= performance.now();
      });
    }

    override send(data: Parameters<WebSocket['send']>[0]): void {
      super.send(data);
      const message = typeOf(data);
      const now = performance.now();
      if (message.type === 'join') state.joinSent ??= now;
      if (message.type !== 'signal' || message.data === undefined) return;
      const description = message.data['description'] as { type?: string } | undefined;
      if (description?.type === 'offer') state.firstOffer ??= now;
      if (message.data['candidate'] !== undefined && message.data['candidate'] !== null)
        state.firstCandidate ??= now;
    }
  };
}

/**
 * Polls (every 10 ms) the page's negotiated connections until `expected` of them decoded a
 * video frame, or `budgetMs` passed since it started. Resolves when done either way.
 */
export async function awaitFirstFrames(arg: { expected: number; budgetMs: number }): Promise<void> {
  const state = window.confabClickTimeline;
  if (state === undefined) throw new Error('click timeline not installed');
  const started = performance.now();
  while (state.firstFrames.size < arg.expected && performance.now() - started < arg.budgetMs) {
    const open = (window.confabTestPeerConnections ?? []).filter(
      (pc) =>
        pc.signalingState !== 'closed' &&
        pc.remoteDescription !== null &&
        !state.firstFrames.has(pc),
    );
    await Promise.all(
      open.map(async (pc) => {
        const report = await pc.getStats();
        let decoded = 0;
        report.forEach((stat: { type: string; kind?: string; framesDecoded?: number }) => {
          if (stat.type === 'inbound-rtp' && stat.kind === 'video')
            decoded += stat.framesDecoded ?? 0;
        });
        if (decoded > 0 && !state.firstFrames.has(pc)) state.firstFrames.set(pc, performance.now());
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
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
