import type { HostMessage, Knock, RoomControls } from '../../protocol/index.js';
import { TypedEmitter } from '../emitter.js';
import type { SignalingClient } from '../signaling-client.js';

/** The room's controls before the server told us any (nobody is host yet). */
const UNKNOWN: RoomControls = { host: null, locked: false, lobby: false, passcode: false };

export interface CallRoomEvents {
  /** The host, lobby, lock or passcode changed, or (for the host) who waits. */
  change: [RoomControls];
  /** We wait in the room's lobby: the host has to admit us (`Call.join` resolves then). */
  lobby: [];
  /** To the host: someone knocks. */
  knock: [Knock];
  /** The host asks us to turn our microphone off (the app does; nobody can turn it on). */
  'mute-requested': [by: string];
}

/**
 * The room as the server runs it (docs/protocol.md, "Host controls"): who is host, lobby,
 * lock, passcode, who waits, and what the host may ask. The server enforces every rule; a
 * request we may not make comes back as an `error` event of the call (`forbidden`).
 */
export class CallRoom extends TypedEmitter<CallRoomEvents> {
  #controls: RoomControls = UNKNOWN;
  #waiting: Knock[] = [];
  readonly #signaling: SignalingClient;

  constructor(signaling: SignalingClient) {
    super();
    this.#signaling = signaling;
    signaling.on('joined', (welcome) => {
      this.#apply(welcome.room);
    });
    signaling.on('room-state', (room) => {
      this.#apply(room);
    });
    signaling.on('lobby', () => {
      this.emit('lobby');
    });
    signaling.on('knock', (knock) => {
      if (this.#waiting.some((w) => w.id === knock.id)) return;
      this.#waiting = [...this.#waiting, knock];
      this.emit('knock', knock);
      this.emit('change', this.controls);
    });
    signaling.on('knock-cancelled', (id) => {
      const before = this.#waiting.length;
      this.#waiting = this.#waiting.filter((w) => w.id !== id);
      if (this.#waiting.length !== before) this.emit('change', this.controls);
    });
    signaling.on('mute-requested', (by) => {
      this.emit('mute-requested', by);
    });
  }

  /** The room's controls as last heard; `waiting` only while we are host. */
  get controls(): RoomControls {
    return this.amHost ? { ...this.#controls, waiting: this.#waiting } : this.#controls;
  }

  /** The host's member id; null before we joined. */
  get host(): string | null {
    return this.#controls.host;
  }

  get amHost(): boolean {
    const self = this.#signaling.self?.id;
    return self !== undefined && this.#controls.host === self;
  }

  isHost(id: string): boolean {
    return this.#controls.host !== null && this.#controls.host === id;
  }

  /** Who waits in the lobby (oldest first); empty unless we are host. */
  get waiting(): readonly Knock[] {
    return this.amHost ? this.#waiting : [];
  }

  admit(id: string): void {
    this.#host({ type: 'host', action: 'admit', id });
  }

  deny(id: string): void {
    this.#host({ type: 'host', action: 'deny', id });
  }

  /** Lobby on: everyone new waits to be admitted. Off: everyone waiting comes in. */
  setLobby(on: boolean): void {
    this.#host({ type: 'host', action: 'set-lobby', on });
  }

  /** Locked: nobody new gets in, not even with the link (those in stay). */
  setLocked(locked: boolean): void {
    this.#host({ type: 'host', action: 'set-lock', locked });
  }

  /** Closes their connection; their resume token dies; while locked they cannot come back. */
  remove(id: string): void {
    this.#host({ type: 'host', action: 'remove', id });
  }

  /** Asks a participant's client to turn its microphone off (there is no way to turn it on). */
  askToMute(id: string): void {
    this.#host({ type: 'host', action: 'mute-request', id });
  }

  /** Hands the host role over. */
  makeHost(id: string): void {
    this.#host({ type: 'host', action: 'transfer-host', id });
  }

  /** Ends the meeting for everyone (each is told `meeting-ended`). */
  endForAll(): void {
    this.#host({ type: 'host', action: 'end-meeting' });
  }

  /** Sets the room's passcode (4–64 characters; the server keeps a hash) or clears it (null). */
  setPasscode(passcode: string | null): void {
    this.#host({ type: 'host', action: 'set-passcode', passcode });
  }

  #host(message: HostMessage): void {
    this.#signaling.sendHost(message);
  }

  #apply(room: RoomControls): void {
    const { waiting, ...controls } = room;
    this.#controls = controls;
    if (waiting !== undefined) this.#waiting = [...waiting];
    else if (!this.amHost) this.#waiting = [];
    this.emit('change', this.controls);
  }
}
