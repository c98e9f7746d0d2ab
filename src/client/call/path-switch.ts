import type { RoomPath } from '../../protocol/index.js';

/** The path a room switches to, and the epoch of that room mode. */
export interface SwitchTarget {
  readonly path: RoomPath;
  readonly epoch: number;
}

export interface PathSwitchActions {
  /** Tells the participant that its media reaches us on the target path now. */
  notify(id: string, target: SwitchTarget): void;
  /** The participant's media travels on the target path from now on: drop the old one. */
  settle(id: string, target: SwitchTarget): void;
  /** Every participant has settled on the target path (once per `begin`). */
  done(target: SwitchTarget): void;
}

interface Pending {
  /** We receive the participant on the target path. */
  arrived: boolean;
  /** The participant told us it receives us on the target path. */
  heard: boolean;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * Make before break, per participant. When the room's path changes, each participant's old
 * path stays until both: its media arrived on the new path, and it told us ours did (so
 * neither side cuts the other's media off). The first of the two starts a timeout
 * (`timeoutMs`) after which the old path goes anyway: the other side does the same, and a
 * participant that sends nothing never "arrives". Notices are tied to the room-mode epoch,
 * so a late one from an earlier switch is ignored; one that comes early is kept.
 */
export class PathSwitch {
  #target: SwitchTarget | null = null;
  readonly #pending = new Map<string, Pending>();
  /** The latest notice of each participant (it may precede our own `room-mode`). */
  readonly #heard = new Map<string, SwitchTarget>();
  #deadline: ReturnType<typeof setTimeout> | null = null;
  #announced = true;

  constructor(
    private readonly timeoutMs: number,
    private readonly actions: PathSwitchActions,
  ) {}

  get target(): SwitchTarget | null {
    return this.#target;
  }

  /** Whether the participant is still on its way to the target path. */
  pending(id: string): boolean {
    return this.#pending.has(id);
  }

  /**
   * Starts a switch of these participants to `target` (an earlier, unfinished switch is
   * superseded). With `deadlineMs`, whoever has not settled by then is settled anyway.
   */
  begin(target: SwitchTarget, ids: Iterable<string>, deadlineMs?: number): void {
    this.#clear();
    this.#target = target;
    this.#announced = false;
    for (const id of ids) {
      const pending: Pending = { arrived: false, heard: false, timer: null };
      this.#pending.set(id, pending);
      const notice = this.#heard.get(id);
      if (notice?.path === target.path && notice.epoch === target.epoch) this.#mark(id, 'heard');
    }
    if (deadlineMs !== undefined && this.#pending.size > 0) {
      this.#deadline = setTimeout(() => {
        this.#deadline = null;
        for (const id of [...this.#pending.keys()]) this.#settle(id);
      }, deadlineMs);
    }
    this.#checkDone();
  }

  /** Our side receives the participant on the target path (idempotent). */
  arrived(id: string): void {
    this.#mark(id, 'arrived');
  }

  /** The participant's notice: it receives us on `via` since room-mode `epoch`. */
  heard(id: string, via: RoomPath, epoch: number): void {
    const known = this.#heard.get(id);
    if (known !== undefined && known.epoch > epoch) return;
    this.#heard.set(id, { path: via, epoch });
    const target = this.#target;
    if (target?.path === via && target.epoch === epoch) this.#mark(id, 'heard');
  }

  /** The participant left: nothing to wait for. */
  leave(id: string): void {
    this.#heard.delete(id);
    const pending = this.#pending.get(id);
    if (pending === undefined) return;
    this.#stop(pending);
    this.#pending.delete(id);
    this.#checkDone();
  }

  dispose(): void {
    this.#clear();
    this.#heard.clear();
  }

  #mark(id: string, what: 'arrived' | 'heard'): void {
    const pending = this.#pending.get(id);
    const target = this.#target;
    if (pending === undefined || target === null || pending[what]) return;
    pending[what] = true;
    if (what === 'arrived') this.actions.notify(id, target);
    if (pending.arrived && pending.heard) {
      this.#settle(id);
      return;
    }
    pending.timer = setTimeout(() => {
      pending.timer = null;
      this.#settle(id);
    }, this.timeoutMs);
  }

  #settle(id: string): void {
    const pending = this.#pending.get(id);
    const target = this.#target;
    if (pending === undefined || target === null) return;
    this.#stop(pending);
    this.#pending.delete(id);
    this.actions.settle(id, target);
    this.#checkDone();
  }

  #checkDone(): void {
    const target = this.#target;
    if (this.#announced || target === null || this.#pending.size > 0) return;
    this.#announced = true;
    if (this.#deadline !== null) clearTimeout(this.#deadline);
    this.#deadline = null;
    this.actions.done(target);
  }

  #stop(pending: Pending): void {
    if (pending.timer !== null) clearTimeout(pending.timer);
    pending.timer = null;
  }

  #clear(): void {
    for (const pending of this.#pending.values()) this.#stop(pending);
    this.#pending.clear();
    if (this.#deadline !== null) clearTimeout(this.#deadline);
    this.#deadline = null;
  }
}
