// What the Node driver and the benchmark page exchange (structured-clone friendly).

export type Arm = 'confab' | 'peerjs';
export type MediaKind = 'dc' | 'av';

export interface PrepareOptions {
  /** confab's client warms WebRTC up before join (prewarm); the plain PeerJS page does not. */
  readonly arm: Arm | 'floor';
  readonly media: MediaKind;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
}

export interface JoinOptions {
  readonly arm: Arm;
  /** confab: the server's http(s) base URL; PeerJS: its ws://host:port. */
  readonly server: string;
  readonly room: string;
  /** PeerJS only: our id, and the ids already in the "room" (PeerJS has no rooms). */
  readonly selfId: string;
  readonly existing: readonly string[];
  readonly relayOnly: boolean;
  /** PeerJS only (confab's welcome carries its own): ICE servers, e.g. TURN credentials. */
  readonly iceServers: RTCIceServer[];
  /** confab only: scale camera senders down as the room grows (the client's default). */
  readonly adaptVideo: boolean;
  /**
   * confab only: the height (device pixels) every remote tile is shown at, told to the call
   * with `setView` as the web app does; absent: the call is never told (the size table).
   */
  readonly tileHeight?: number;
}

/** One incoming video as this page decodes it (inbound-rtp). */
export interface ReceivedVideo {
  readonly remoteId: string;
  readonly frameHeight: number;
  readonly framesPerSecond: number;
}

/** One connection's cumulative receive counters and its UDP ports (getStats), right now. */
export interface LinkCounters {
  readonly remoteId: string;
  /** Ports of the selected candidate pair; null before one is selected. */
  readonly localPort: number | null;
  readonly remotePort: number | null;
  readonly protocol: string | null;
  readonly video: {
    readonly framesDecoded: number;
    readonly freezeCount: number;
    readonly totalFreezesDuration: number;
    readonly frameHeight: number;
    readonly packetsReceived: number;
    readonly packetsLost: number;
  } | null;
  readonly audio: {
    readonly concealedSamples: number;
    readonly totalSamplesReceived: number;
    readonly packetsReceived: number;
    readonly packetsLost: number;
  } | null;
}

/** Milliseconds since this page's join started, per remote member; null = not yet. */
export interface PairTiming {
  readonly remoteId: string;
  readonly connectedMs: number | null;
  readonly firstFrameMs: number | null;
}

export interface PageStatus {
  readonly pairs: readonly PairTiming[];
  readonly connected: number;
  readonly errors: readonly string[];
  readonly marks: readonly [string, number][];
}

export interface FloorOptions {
  readonly media: MediaKind;
  readonly relayOnly: boolean;
  readonly iceServers: RTCIceServer[];
  readonly width: number;
  readonly height: number;
  readonly fps: number;
}

export interface FloorRun {
  readonly connectedMs: number;
  readonly firstFrameMs: number | null;
}

/** The page's API, as `window.confabBench`. */
export interface BenchPage {
  prepare(options: PrepareOptions): Promise<void>;
  join(options: JoinOptions): Promise<void>;
  status(): PageStatus;
  floor(options: FloorOptions): Promise<FloorRun>;
  received(): Promise<ReceivedVideo[]>;
  /** Plays every remote audio track (Chromium counts audio samples only while played out). */
  listen(): number;
  links(): Promise<LinkCounters[]>;
}

declare global {
  interface Window {
    confabBench?: BenchPage;
  }
}
