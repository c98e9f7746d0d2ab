import { TypedEmitter } from '../../../../client/emitter.js';

export type TransferState = 'sending' | 'receiving' | 'verifying' | 'done' | 'stopped';

/**
 * Why a transfer stopped: cancelled on this side or the other, over the receiver's size
 * limit, arrived damaged (SHA-256 differs), or the connection went away.
 */
export type TransferProblem = 'cancelled' | 'cancelled-remote' | 'too-large' | 'damaged' | 'lost';

export interface TransferInit {
  readonly id: string;
  readonly direction: 'out' | 'in';
  /** The other participant (recipient or sender). */
  readonly peer: string;
  readonly name: string;
  readonly size: number;
  readonly via: 'channel' | 'relay';
}

/** One file going to, or coming from, one participant: what the files panel shows. */
export class Transfer extends TypedEmitter<{ change: [] }> {
  readonly id: string;
  readonly direction: 'out' | 'in';
  readonly peer: string;
  readonly name: string;
  readonly size: number;
  readonly via: 'channel' | 'relay';
  #bytes = 0;
  #state: TransferState;
  #problem: TransferProblem | null = null;
  #url: string | null = null;
  #sha256 = '';
  #onCancel: () => void = () => undefined;
  readonly #startedAt = performance.now();
  #endedAt: number | null = null;

  constructor(init: TransferInit) {
    super();
    this.id = init.id;
    this.direction = init.direction;
    this.peer = init.peer;
    this.name = init.name;
    this.size = init.size;
    this.via = init.via;
    this.#state = init.direction === 'out' ? 'sending' : 'receiving';
  }

  get bytes(): number {
    return this.#bytes;
  }

  get state(): TransferState {
    return this.#state;
  }

  get problem(): TransferProblem | null {
    return this.#problem;
  }

  /** The received file (a blob URL) once it arrived intact. */
  get url(): string | null {
    return this.#url;
  }

  /** The file's SHA-256 (hex): the sender's; for a received file, the one verified. */
  get sha256(): string {
    return this.#sha256;
  }

  get active(): boolean {
    return this.#state === 'sending' || this.#state === 'receiving' || this.#state === 'verifying';
  }

  /** Seconds from start to done (or to now). */
  get seconds(): number {
    return ((this.#endedAt ?? performance.now()) - this.#startedAt) / 1000;
  }

  /** What cancelling does (set by whoever moves the bytes). */
  setCancel(onCancel: () => void): void {
    this.#onCancel = onCancel;
  }

  cancel(): void {
    if (this.active) this.#onCancel();
  }

  setSha256(sha256: string): void {
    this.#sha256 = sha256;
    this.emit('change');
  }

  progress(bytes: number): void {
    const next = Math.min(this.size, Math.max(0, bytes));
    if (next === this.#bytes || !this.active) return;
    this.#bytes = next;
    this.emit('change');
  }

  verifying(): void {
    this.#set('verifying');
  }

  done(url: string | null = null): void {
    if (!this.active) return;
    this.#bytes = this.size;
    this.#url = url;
    this.#set('done');
  }

  stop(problem: TransferProblem): void {
    if (!this.active) return;
    this.#problem = problem;
    this.#set('stopped');
  }

  /** Frees the received file. */
  release(): void {
    if (this.#url !== null) URL.revokeObjectURL(this.#url);
  }

  #set(state: TransferState): void {
    this.#state = state;
    if (!this.active) this.#endedAt = performance.now();
    this.emit('change');
  }
}
