// A deterministic stand-in for RTCPeerConnection, for unit tests of negotiation logic in
// Node. It models what perfect negotiation depends on: the signaling state machine,
// implicit rollback, the negotiation-needed flag, transceivers and mids, remote candidates
// needing a remote description, ICE restarts (new ufrag). SDP is a small line format.

type Direction = RTCRtpTransceiverDirection;
type Kind = 'audio' | 'video';

let nextSession = 1000;

class FakeTrack extends EventTarget {
  readonly id = `track-${String(nextSession++)}`;
  readyState: MediaStreamTrackState = 'live';
  /** Remote tracks start muted, as in browsers, until media arrives (`setMuted(false)`). */
  constructor(
    readonly kind: Kind,
    public muted = false,
  ) {
    super();
  }
  getSettings(): MediaTrackSettings {
    return this.kind === 'video' ? { width: 1280, height: 720 } : {};
  }
  /** Test control: media starts (false) or stops (true) arriving on this track. */
  setMuted(muted: boolean): void {
    if (muted === this.muted) return;
    this.muted = muted;
    this.dispatchEvent(new Event(muted ? 'mute' : 'unmute'));
  }
}

class FakeReceiver {
  /** Test control: what `getSynchronizationSources()` reports for this receiver. */
  audioLevel: number | null = null;
  constructor(readonly track: FakeTrack) {}
  getSynchronizationSources(): { audioLevel?: number; source: number; timestamp: number }[] {
    return this.audioLevel === null
      ? []
      : [{ audioLevel: this.audioLevel, source: 1, timestamp: Date.now() }];
  }
}

class FakeSender {
  /** Encodings exist once the sender took part in a negotiation, as in browsers. */
  parameters: { encodings: RTCRtpEncodingParameters[] } = { encodings: [] };
  constructor(public track: FakeTrack | null) {}
  getParameters(): { encodings: RTCRtpEncodingParameters[] } {
    return structuredClone(this.parameters);
  }
  setParameters(parameters: { encodings: RTCRtpEncodingParameters[] }): Promise<void> {
    this.parameters = parameters;
    return Promise.resolve();
  }
  replaceTrack(track: FakeTrack | null): Promise<void> {
    this.track = track;
    return Promise.resolve();
  }
  setStreams(): void {
    // Stream ids are not modelled.
  }
}

export class FakeTransceiver {
  mid: string | null = null;
  currentDirection: Direction | null = null;
  readonly sender: FakeSender;
  readonly receiver: FakeReceiver;
  trackFired = false;
  stopping = false;
  constructor(
    readonly kind: Kind,
    public direction: Direction,
    track: FakeTrack | null,
    /** What `addTransceiver` was given (send encodings, streams). */
    readonly init: RTCRtpTransceiverInit = {},
  ) {
    this.sender = new FakeSender(track);
    if (init.sendEncodings !== undefined)
      this.sender.parameters = { encodings: structuredClone(init.sendEncodings) };
    this.receiver = new FakeReceiver(new FakeTrack(kind, true));
  }
  stop(): void {
    this.stopping = true;
    this.direction = 'stopped';
    this.onStop?.();
  }
  onStop: (() => void) | undefined;
}

class FakeDataChannel extends EventTarget {
  readyState: RTCDataChannelState = 'connecting';
  readonly sent: string[] = [];
  constructor(readonly label: string) {
    super();
  }
  send(text: string): void {
    this.sent.push(text);
  }
  close(): void {
    this.readyState = 'closed';
  }
}

interface MLine {
  readonly kind: Kind | 'application';
  readonly mid: string;
  readonly direction: Direction;
}

function parse(sdp: string): { ufrag: string; lines: MLine[] } {
  const ufrag = /^a=ice-ufrag:(\S+)/m.exec(sdp)?.[1] ?? '';
  const lines = [...sdp.matchAll(/^m=(\w+) mid=(\S+) dir=(\S+)$/gm)].map(
    (m) => ({ kind: m[1], mid: m[2], direction: m[3] }) as MLine,
  );
  return { ufrag, lines };
}

const sends = (d: Direction | null) => d === 'sendrecv' || d === 'sendonly';
const receives = (d: Direction | null) => d === 'sendrecv' || d === 'recvonly';
function combine(send: boolean, recv: boolean): Direction {
  if (send && recv) return 'sendrecv';
  if (send) return 'sendonly';
  return recv ? 'recvonly' : 'inactive';
}
const reverse = (d: Direction): Direction => combine(receives(d), sends(d));

/** Everything a test may want to inspect or drive. */
export class FakePeerConnection extends EventTarget {
  static created: FakePeerConnection[] = [];
  signalingState: RTCSignalingState = 'stable';
  iceConnectionState: RTCIceConnectionState = 'new';
  connectionState: RTCPeerConnectionState = 'new';
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  readonly addedCandidates: RTCIceCandidateInit[] = [];
  readonly channels: FakeDataChannel[] = [];
  readonly transceivers: FakeTransceiver[] = [];
  rollbacks = 0;
  restarts = 0;
  /** Test control: what `getStats()` reports. */
  stats: Record<string, unknown>[] = [];
  #configuration: RTCConfiguration;
  readonly #sessionId = String(nextSession++);
  #version = 0;
  #ufrag = `u${String(nextSession++)}`;
  readonly #negotiatedMids = new Set<string>();
  #appMid: string | null = null;
  #restartPending = false;
  #negotiationQueued = false;

  constructor(configuration: RTCConfiguration = {}) {
    super();
    this.#configuration = configuration;
    FakePeerConnection.created.push(this);
  }

  /** The factory a Peer takes as `createPeerConnection`. */
  static factory(): (configuration: RTCConfiguration) => RTCPeerConnection {
    return (configuration) => new FakePeerConnection(configuration) as unknown as RTCPeerConnection;
  }

  get localUfrag(): string {
    return this.#ufrag;
  }

  getConfiguration(): RTCConfiguration {
    return this.#configuration;
  }

  setConfiguration(configuration: RTCConfiguration): void {
    this.#configuration = configuration;
  }

  getTransceivers(): FakeTransceiver[] {
    return [...this.transceivers];
  }

  addTransceiver(trackOrKind: FakeTrack | Kind, init: RTCRtpTransceiverInit = {}): FakeTransceiver {
    const track = typeof trackOrKind === 'string' ? null : trackOrKind;
    const kind = typeof trackOrKind === 'string' ? trackOrKind : trackOrKind.kind;
    const transceiver = new FakeTransceiver(kind, init.direction ?? 'sendrecv', track, init);
    transceiver.onStop = () => {
      this.#updateNegotiationNeeded();
    };
    this.transceivers.push(transceiver);
    this.#updateNegotiationNeeded();
    return transceiver;
  }

  createDataChannel(label: string): FakeDataChannel {
    const channel = new FakeDataChannel(label);
    this.channels.push(channel);
    this.#updateNegotiationNeeded();
    return channel;
  }

  restartIce(): void {
    this.restarts += 1;
    this.#restartPending = true;
    this.#ufrag = `u${String(nextSession++)}`;
    this.#updateNegotiationNeeded();
  }

  async setLocalDescription(description?: RTCSessionDescriptionInit): Promise<void> {
    await Promise.resolve();
    this.#checkOpen();
    const type =
      description?.type ?? (this.signalingState === 'have-remote-offer' ? 'answer' : 'offer');
    if (type === 'offer') {
      if (this.signalingState !== 'stable' && this.signalingState !== 'have-local-offer')
        throw invalidState('offer in ' + this.signalingState);
      this.localDescription = { type, sdp: this.#offerSdp() };
      this.#setSignalingState('have-local-offer');
    } else {
      if (this.signalingState !== 'have-remote-offer')
        throw invalidState('answer in ' + this.signalingState);
      this.localDescription = { type, sdp: this.#answerSdp() };
      this.#setSignalingState('stable');
    }
    this.#gather();
  }

  async setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    await Promise.resolve();
    this.#checkOpen();
    const { lines } = parse(description.sdp ?? '');
    if (description.type === 'offer') {
      if (this.signalingState === 'have-local-offer') {
        // Implicit rollback of our own offer (perfect negotiation, polite side).
        this.rollbacks += 1;
        this.localDescription = null;
        // Mids handed out by the rolled-back offer are free again.
        for (const t of this.transceivers)
          if (t.mid !== null && !this.#negotiatedMids.has(t.mid)) t.mid = null;
        if (this.#appMid !== null && !this.#negotiatedMids.has(this.#appMid)) this.#appMid = null;
        this.#setSignalingState('stable');
      } else if (this.signalingState !== 'stable')
        throw invalidState('offer in ' + this.signalingState);
      this.remoteDescription = description;
      this.#applyRemoteOffer(lines);
      this.#setSignalingState('have-remote-offer');
    } else {
      if (this.signalingState !== 'have-local-offer')
        throw invalidState('answer in ' + this.signalingState);
      this.remoteDescription = description;
      this.#applyRemoteAnswer(lines);
      this.#setSignalingState('stable');
    }
  }

  addIceCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    if (this.remoteDescription === null)
      return Promise.reject(invalidState('no remote description'));
    this.addedCandidates.push(candidate);
    return Promise.resolve();
  }

  getStats(): Promise<Map<string, Record<string, unknown>>> {
    return Promise.resolve(new Map(this.stats.map((stat) => [String(stat['id']), stat])));
  }

  getReceivers(): FakeReceiver[] {
    return this.transceivers.map((t) => t.receiver);
  }

  close(): void {
    this.signalingState = 'closed';
    this.iceConnectionState = 'closed';
    this.connectionState = 'closed';
  }

  /** Test control: move ICE (and the connection) to `state`, firing the events. */
  setIceState(state: RTCIceConnectionState): void {
    this.iceConnectionState = state;
    this.dispatchEvent(new Event('iceconnectionstatechange'));
    const connection: RTCPeerConnectionState =
      state === 'checking' ? 'connecting' : state === 'completed' ? 'connected' : state;
    if (connection !== this.connectionState) {
      this.connectionState = connection;
      this.dispatchEvent(new Event('connectionstatechange'));
    }
  }

  /** Test control: open the negotiated data channels. */
  openChannels(): void {
    for (const channel of this.channels) {
      channel.readyState = 'open';
      channel.dispatchEvent(new Event('open'));
    }
  }

  #offerSdp(): string {
    const used = [...this.transceivers.map((t) => t.mid), this.#appMid, ...this.#negotiatedMids]
      .filter((mid): mid is string => mid !== null)
      .map(Number);
    let next = used.length === 0 ? 0 : Math.max(...used) + 1;
    for (const t of this.transceivers) t.mid ??= String(next++);
    if (this.channels.length > 0) this.#appMid ??= String(next);
    const media = this.transceivers.map((t) => `m=${t.kind} mid=${t.mid ?? ''} dir=${t.direction}`);
    const app = this.#appMid === null ? [] : [`m=application mid=${this.#appMid} dir=sendrecv`];
    return this.#sdp([...media, ...app]);
  }

  #answerSdp(): string {
    const remote = parse(this.remoteDescription?.sdp ?? '').lines;
    const lines = remote.map((line) => {
      if (line.kind === 'application') return `m=application mid=${line.mid} dir=sendrecv`;
      const t = this.transceivers.find((x) => x.mid === line.mid);
      const direction: Direction =
        t === undefined || t.direction === 'stopped' || line.direction === 'inactive'
          ? 'inactive'
          : combine(
              sends(t.direction) && receives(line.direction),
              receives(t.direction) && sends(line.direction),
            );
      if (t !== undefined) t.currentDirection = t.direction === 'stopped' ? 'stopped' : direction;
      return `m=${line.kind} mid=${line.mid} dir=${direction}`;
    });
    this.#restartPending = false;
    return this.#sdp(lines);
  }

  #applyRemoteOffer(lines: MLine[]): void {
    for (const line of lines) {
      if (line.kind === 'application') {
        this.#appMid = line.mid;
        continue;
      }
      let t = this.transceivers.find((x) => x.mid === line.mid);
      if (t === undefined) {
        t = new FakeTransceiver(line.kind, 'recvonly', null);
        t.mid = line.mid;
        t.onStop = () => {
          this.#updateNegotiationNeeded();
        };
        this.transceivers.push(t);
      }
      if (line.direction === 'inactive' && t.currentDirection !== null)
        t.currentDirection = 'inactive';
      if (sends(line.direction)) this.#fireTrack(t);
    }
  }

  #applyRemoteAnswer(lines: MLine[]): void {
    for (const line of lines) {
      if (line.kind === 'application') continue;
      const t = this.transceivers.find((x) => x.mid === line.mid);
      if (t === undefined) continue;
      t.currentDirection = t.direction === 'stopped' ? 'stopped' : reverse(line.direction);
      if (sends(line.direction)) this.#fireTrack(t);
    }
    this.#restartPending = false;
  }

  #fireTrack(t: FakeTransceiver): void {
    if (t.trackFired) return;
    t.trackFired = true;
    const event = Object.assign(new Event('track'), {
      track: t.receiver.track,
      streams: [],
      transceiver: t,
    });
    this.dispatchEvent(event);
  }

  #sdp(mLines: string[]): string {
    this.#version += 1;
    return [
      'v=0',
      `o=- ${this.#sessionId} ${String(this.#version)} IN IP4 127.0.0.1`,
      `a=ice-ufrag:${this.#ufrag}`,
      ...mLines,
    ].join('\n');
  }

  /** One host candidate, then end of gathering, as a browser does after setLocalDescription. */
  #gather(): void {
    const candidate = {
      candidate: `candidate:1 1 udp 2122260223 192.0.2.1 ${String(40000 + this.#version)} typ host`,
      sdpMid: '0',
      sdpMLineIndex: 0,
      usernameFragment: this.#ufrag,
    };
    setTimeout(() => {
      if (this.signalingState === 'closed') return;
      this.dispatchEvent(Object.assign(new Event('icecandidate'), { candidate }));
      this.dispatchEvent(Object.assign(new Event('icecandidate'), { candidate: null }));
    }, 0);
  }

  #negotiationNeeded(): boolean {
    if (this.#restartPending) return true;
    if (this.channels.length > 0 && this.#appMid === null) return true;
    return this.transceivers.some(
      (t) => t.mid === null || (t.stopping && t.currentDirection !== 'stopped'),
    );
  }

  #updateNegotiationNeeded(): void {
    if (this.#negotiationQueued) return;
    this.#negotiationQueued = true;
    setTimeout(() => {
      this.#negotiationQueued = false;
      if (this.signalingState === 'stable' && this.#negotiationNeeded())
        this.dispatchEvent(new Event('negotiationneeded'));
    }, 0);
  }

  #setSignalingState(state: RTCSignalingState): void {
    if (state !== 'closed') {
      for (const t of this.transceivers) {
        if (t.mid !== null && t.sender.parameters.encodings.length === 0)
          t.sender.parameters = { encodings: [{}] };
      }
    }
    if (state === 'stable' && this.localDescription !== null && this.remoteDescription !== null) {
      for (const sdp of [this.localDescription.sdp, this.remoteDescription.sdp]) {
        for (const line of parse(sdp ?? '').lines) this.#negotiatedMids.add(line.mid);
      }
    }
    this.signalingState = state;
    this.dispatchEvent(new Event('signalingstatechange'));
    if (state === 'stable') this.#updateNegotiationNeeded();
  }

  #checkOpen(): void {
    if (this.signalingState === 'closed') throw invalidState('closed');
  }
}

function invalidState(message: string): Error {
  return Object.assign(new Error(message), { name: 'InvalidStateError' });
}

export { FakeTrack };
