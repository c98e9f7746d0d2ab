import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { LocalMember, LocalMembers } from './local-members.js';
import type { OpGate } from './op-gate.js';
import {
  parseEpoch,
  parseIds,
  parseReattach,
  parseRenew,
  parseRosters,
  parseSweep,
  type RenewProblem,
} from './replies.js';
import { readGone, type GoneSlot } from './redis-admin.js';
import type { Scripts } from './scripts.js';

export interface UpkeepDeps {
  readonly leaseMs: number;
  readonly log: Logger;
  readonly scripts: Scripts;
  readonly members: LocalMembers;
  readonly gate: OpGate;
  readonly isHealthy: () => boolean;
  /** Slots a sweep ended (grace periods over): their room events. */
  readonly onExpired: (gone: readonly GoneSlot[]) => void;
}

/** down: no usable connection · syncing: loading scripts, epoch, own members · ready. */
type SyncState = 'down' | 'syncing' | 'ready' | 'stopped';

const SWEEP_BATCH = 200;
const SWEEP_MAX_BATCHES = 10;

/**
 * Keeps this node's share of the Redis state true: after every (re)connect it reloads the
 * scripts, checks whether Redis lost its data (the epoch) and, if so, restores its own
 * members; it renews their leases, takes back members Redis believed gone away while the
 * connection was live, and sweeps expired leases and grace periods (every node sweeps;
 * each expiry is handled once, inside a script).
 */
export class Upkeep {
  /** The epoch this node synchronised with ('' before the first sync). */
  epoch = '';
  readonly #deps: UpkeepDeps;
  #state: SyncState = 'down';
  #generation = 0;
  #admitAfter = Infinity;
  #announced = false;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #intervals: ReturnType<typeof setInterval>[] = [];

  constructor(deps: UpkeepDeps) {
    this.#deps = deps;
  }

  start(): void {
    const { leaseMs } = this.#deps;
    const sweepEvery = Math.min(1000, Math.max(100, leaseMs / 4));
    this.#intervals.push(
      setInterval(() => void this.#renew(false).catch(() => undefined), leaseMs / 3),
      setInterval(() => void this.#sweep().catch(() => undefined), sweepEvery),
    );
  }

  stop(): void {
    this.#state = 'stopped';
    this.#generation++;
    for (const interval of this.#intervals) clearInterval(interval);
    for (const timer of this.#timers) clearTimeout(timer);
  }

  /** Joins may be admitted: synchronised, and any restore window after data loss is over. */
  admitting(): boolean {
    return this.#state === 'ready' && performance.now() >= this.#admitAfter;
  }

  down(): void {
    if (this.#state === 'stopped') return;
    this.#state = 'down';
    this.#announced = false;
    this.#generation++;
  }

  resync(): void {
    if (this.#state === 'stopped') return;
    this.#state = 'syncing';
    this.#deps.gate.hold();
    const generation = ++this.#generation;
    this.#sync(generation).catch((error: unknown) => {
      if (generation !== this.#generation) return;
      this.#deps.log.warn({ err: describe(error) }, 'redis resync failed; retrying');
      this.#after(500, () => {
        if (generation === this.#generation) this.resync();
      });
    });
  }

  /** A script said the epoch changed under us (Redis restarted or was flushed). */
  checkEpoch(reason: string): void {
    if (this.#state === 'ready' && (reason === 'changed' || reason === 'missing')) this.resync();
  }

  renewSoon(): void {
    this.#renew(false).catch(() => undefined);
  }

  /** Logs `redis ready` once per recovery, when joins are admitted again. */
  announce(): void {
    if (this.#announced || this.#state !== 'ready' || !this.#deps.isHealthy()) return;
    const wait = this.#admitAfter - performance.now();
    if (wait > 0) {
      this.#after(wait + 1, () => {
        this.announce();
      });
      return;
    }
    this.#announced = true;
    this.#deps.log.info({ epoch: this.epoch }, 'redis ready');
  }

  async #sync(generation: number): Promise<void> {
    const { scripts, log, members, leaseMs } = this.#deps;
    await scripts.loadAll();
    const known = this.epoch;
    // A node that knew an epoch and finds another one is recovering from data loss: joins
    // wait one lease, long enough for every live node to restore its members first.
    const window = known === '' ? 0 : leaseMs;
    const epoch = parseEpoch(await scripts.run('epoch', [newEpochId(), String(window)]));
    if (generation !== this.#generation) return;
    const lost = known !== '' && epoch.id !== known;
    this.epoch = epoch.id;
    this.#admitAfter = performance.now() + epoch.waitMs;
    if (lost) log.warn({ members: members.size }, 'redis lost its data: restoring our members');
    await this.#renewNow(lost);
    if (generation !== this.#generation) return;
    this.#state = 'ready';
    this.#deps.gate.open();
    if (lost) {
      this.#after(epoch.waitMs + leaseMs / 3, () => {
        this.#reconcile().catch((error: unknown) => {
          log.warn({ err: describe(error) }, 'reconcile after data loss failed');
        });
      });
    }
    this.announce();
  }

  async #renew(restore: boolean): Promise<void> {
    if (this.#state !== 'ready') return;
    await this.#renewNow(restore);
  }

  async #renewNow(restore: boolean): Promise<void> {
    const snapshot = this.#deps.members.attached().filter((member) => member.held === null);
    const args = [restore ? '1' : '0'];
    for (const { membership, conn, seq, tokenHash, addressKey } of snapshot) {
      const { peerId, room, name } = membership;
      args.push(peerId, conn, room, name, String(seq), tokenHash, addressKey);
    }
    const result = parseRenew(await this.#deps.scripts.run('renew', args));
    if (result === 'epoch') {
      if (this.#state === 'ready') this.resync();
      return;
    }
    for (const member of snapshot) {
      const problem = result.get(member.membership.peerId);
      if (problem !== undefined && this.#deps.members.byConn(member.conn) === member)
        this.#onProblem(member, problem);
    }
    await this.#renewWaiting();
  }

  /** Leases of this node's lobby waiters; one Redis no longer has (data lost) must knock again. */
  async #renewWaiting(): Promise<void> {
    const { members, scripts, log } = this.#deps;
    const waiting = members.allWaiting();
    if (waiting.length === 0) return;
    const args = waiting.flatMap(({ waitingId, conn }) => [waitingId, conn]);
    const gone = new Set(parseIds(await scripts.run('renew-waiting', args)));
    for (const entry of waiting) {
      if (!gone.has(entry.waitingId) || members.byConn(entry.conn) !== entry) continue;
      members.remove(entry.conn);
      log.info({ waiting: entry.waitingId }, 'lobby place lost meanwhile');
      entry.link.expire();
    }
  }

  #onProblem(member: LocalMember, problem: RenewProblem): void {
    switch (problem) {
      case 'gone':
        this.#deps.members.remove(member.conn);
        this.#deps.log.info({ peer: member.membership.peerId }, 'member expired meanwhile');
        member.link.expire();
        return;
      case 'superseded':
        this.#deps.members.remove(member.conn);
        member.link.supersede();
        return;
      case 'away':
        void this.#reattach(member);
        return;
      case 'removed':
      case 'meeting-ended':
        // Ended on purpose, and the renewal saw it before the verdict arrived.
        this.#deps.members.remove(member.conn);
        member.link.end(problem);
        return;
    }
  }

  /** Redis thought this member away (its node looked gone): take it back, catch it up. */
  async #reattach(member: LocalMember): Promise<void> {
    if (!member.hold()) return;
    const { membership, conn } = member;
    try {
      const reply = parseReattach(
        await this.#deps.scripts.run('reattach', [membership.peerId, conn]),
      );
      if (reply.kind === 'ok') {
        member.release([...member.catchUp(reply.peers), ...reply.buffered]);
        this.#deps.log.info({ peer: membership.peerId }, 'member reattached');
        return;
      }
      member.release([]);
      if (reply.kind === 'gone' || reply.kind === 'superseded') this.#onProblem(member, reply.kind);
    } catch {
      member.release([]);
    }
  }

  async #sweep(): Promise<void> {
    if (this.#state !== 'ready') return;
    for (let batch = 0; batch < SWEEP_MAX_BATCHES; batch++) {
      const { rest, ...swept } = parseSweep(
        await this.#deps.scripts.run('sweep', [String(SWEEP_BATCH)]),
      );
      this.#deps.onExpired(readGone(rest));
      if (swept.away + swept.removed > 0) this.#deps.log.info(swept, 'expired leases swept');
      if (swept.away + swept.removed < SWEEP_BATCH) return;
    }
  }

  /**
   * After data loss, members that were away (no node to restore them) are gone for good:
   * tell this node's members `peer-left` for every peer they know that is not back.
   */
  async #reconcile(): Promise<void> {
    const { members, scripts, log } = this.#deps;
    const rooms = [...members.rooms()];
    if (this.#state !== 'ready' || rooms.length === 0) return;
    const rosters = parseRosters(await scripts.run('rosters', rooms), rooms);
    let told = 0;
    for (const member of members.attached()) {
      const roster = rosters.get(member.membership.room);
      if (roster === undefined) continue;
      for (const id of [...member.known]) {
        if (roster.has(id)) continue;
        member.deliver({ type: 'peer-left', id });
        told++;
      }
    }
    log.info({ rooms: rooms.length, peerLeft: told }, 'reconciled rooms after data loss');
  }

  #after(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    this.#timers.add(timer);
  }
}

function newEpochId(): string {
  return randomBytes(9).toString('base64url');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
