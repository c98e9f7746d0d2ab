import type { Registry } from 'prom-client';
import type { PeerInfo, RoomMode, RoomPath } from '../../protocol/index.js';
import type { Membership, SignalingHub } from '../hub.js';
import type { Logger } from '../logger.js';
import type { ServerOptions } from '../options.js';
import type { JoinCapacity, RoomState } from '../room-mode-record.js';
import type { SfuTarget } from './epoch-session.js';
import { decideFor, newLocalRoom, type LocalRoom } from './local-room.js';
import { MemberMedia, type MediaHost, type MediaSink } from './member-media.js';
import { sweepOrphans } from './orphan-sweep.js';
import { RoomSwitcher } from './room-switch.js';
import { SfuMetrics } from './sfu-metrics.js';
import type { SfuPool } from './sfu-pool.js';

/** Rooms with local members are evaluated at least this often (missed events, stale leases). */
const EVALUATE_EVERY_MS = 5_000;
/** Janus rooms nobody uses any more are looked for this often. */
const SWEEP_EVERY_MS = 60_000;
/** Requests one member may have queued per connection (publisher, subscriber). */
const MAX_PENDING_PER_MEMBER = 32;

export interface ControllerDeps {
  readonly hub: SignalingHub;
  readonly pool: SfuPool;
  readonly options: ServerOptions;
  readonly log: Logger;
  readonly registry: Registry;
}

/**
 * The SFU controller of one node. For every room with members here it evaluates the
 * switching policy (after joins and departures, when an SFU's health changes, and on a
 * timer) and runs the switch when it decides one; the mode record's compare-and-set makes
 * exactly one node win when several decide at once. It also owns the members' media.
 */
export class SfuController implements MediaHost {
  readonly log: Logger;
  readonly maxPending = MAX_PENDING_PER_MEMBER;
  readonly resumeGraceMs: number;
  readonly #deps: ControllerDeps;
  readonly #rooms = new Map<string, LocalRoom>();
  readonly #media = new Map<string, MemberMedia>();
  readonly #switcher: RoomSwitcher;
  readonly #tick: NodeJS.Timeout;
  readonly #sweep: NodeJS.Timeout;
  #closed = false;

  constructor(deps: ControllerDeps) {
    this.#deps = deps;
    this.log = deps.log.child({ component: 'sfu' });
    this.resumeGraceMs = deps.options.resumeGraceMs;
    const { pool, options } = deps;
    const metrics = new SfuMetrics(deps.registry, {
      roomsByPath: () => this.#roomsByPath(),
      healthyInstances: () => pool.healthyCount(),
      instances: () => pool.instances().length,
    });
    this.#switcher = new RoomSwitcher({
      hub: deps.hub,
      pool,
      metrics,
      log: this.log,
      publishers: options.roomCapacity,
      staleMs: options.sfuSwitchTimeoutMs,
    });
    pool.on('health', () => {
      this.#evaluateAll();
    });
    pool.on('lost', (instance) => {
      for (const local of this.#rooms.values()) {
        const record = local.record;
        if (record?.mode.path === 'sfu' && record.instance === instance.id)
          local.deadEpoch = record.mode.epoch;
      }
      this.#evaluateAll();
    });
    this.#tick = setInterval(() => {
      this.#evaluateAll();
    }, EVALUATE_EVERY_MS);
    this.#tick.unref();
    this.#sweep = setInterval(() => {
      void sweepOrphans(pool, deps.hub, this.log);
    }, SWEEP_EVERY_MS);
    this.#sweep.unref();
  }

  /** How many members a join may find in a room now. */
  capacity(): JoinCapacity {
    const { roomCapacity, meshCapacity, meshOnly } = this.#deps.options;
    const mesh = Math.min(meshCapacity, roomCapacity);
    const canGrow = !meshOnly && this.#deps.pool.healthyCount() > 0;
    return { open: canGrow ? roomCapacity : mesh, pinned: mesh };
  }

  /** A member joined or resumed on this node: its media (the same object after a resume here). */
  attach(
    member: Membership,
    webrtc: boolean,
    sink: MediaSink,
    mode: RoomMode,
    peers: readonly PeerInfo[],
  ): MemberMedia {
    const existing = this.#media.get(member.peerId);
    let media: MemberMedia;
    if (existing?.member.room === member.room) {
      existing.reattach(sink, mode, peers);
      media = existing;
    } else {
      existing?.close();
      media = new MemberMedia(member, webrtc, this, sink, mode, peers);
      this.#media.set(member.peerId, media);
    }
    this.#localRoom(member.room).members.add(media);
    this.roomChanged(member.room);
    return media;
  }

  released(media: MemberMedia): void {
    const { peerId, room } = media.member;
    if (this.#media.get(peerId) === media) this.#media.delete(peerId);
    this.#rooms.get(room)?.members.delete(media);
    this.roomChanged(room);
  }

  async target(room: string, epoch: number): Promise<SfuTarget | null> {
    let record = this.#rooms.get(room)?.record ?? null;
    if (record?.mode.epoch !== epoch) record = (await this.#read(room))?.record ?? null;
    if (record?.mode.path !== 'sfu' || record.mode.epoch !== epoch) return null;
    if (record.instance === null || record.janusRoom === null) return null;
    const instance = this.#deps.pool.get(record.instance);
    if (instance === undefined) {
      this.log.warn({ room, sfu: record.instance }, 'room is on an SFU this node does not know');
      return null;
    }
    return { instance, janusRoom: record.janusRoom };
  }

  roomChanged(room: string): void {
    const local = this.#rooms.get(room);
    if (local === undefined || this.#closed) return;
    if (local.running) {
      local.again = true;
      return;
    }
    local.running = true;
    // Joins arrive in bursts: one evaluation after the burst's event-loop turn.
    setImmediate(() => {
      void this.#run(room, local);
    });
  }

  /** Resolves once no evaluation of `room` is running or queued here (tests use it as a barrier). */
  settled(room: string): Promise<void> {
    const local = this.#rooms.get(room);
    if (local?.running !== true) return Promise.resolve();
    return new Promise((resolve) => local.idle.push(resolve));
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#tick);
    clearInterval(this.#sweep);
    for (const media of [...this.#media.values()]) media.close();
    for (const local of this.#rooms.values()) if (local.timer !== null) clearTimeout(local.timer);
    this.#rooms.clear();
    this.#switcher.close();
    await this.#deps.pool.close();
  }

  async #run(room: string, local: LocalRoom): Promise<void> {
    try {
      do {
        local.again = false;
        await this.#evaluate(room, local);
      } while (this.#runAgain(local));
    } catch (error) {
      this.log.warn(
        { room, err: error instanceof Error ? error.message : String(error) },
        'room evaluation failed',
      );
    } finally {
      local.running = false;
      for (const resolve of local.idle.splice(0)) resolve();
    }
    if (local.members.size === 0 && this.#rooms.get(room) === local) {
      if (local.timer !== null) clearTimeout(local.timer);
      this.#rooms.delete(room);
    }
  }

  async #evaluate(room: string, local: LocalRoom): Promise<void> {
    const state = await this.#read(room);
    if (state === null) return;
    if (state.members === 0) {
      // The room emptied: its Janus room (as this node last saw it) is of no use now.
      const { instance, janusRoom } = local.record ?? state.record;
      if (instance !== null && janusRoom !== null)
        this.#switcher.destroyLater(instance, janusRoom, 0);
      return;
    }
    const lease = state.record.preparing;
    const staleMs = this.#deps.options.sfuSwitchTimeoutMs;
    if (lease !== null && state.now - lease.since < staleMs) {
      // Another switch is being set up: look again once it is done or stale.
      this.#schedule(room, local, staleMs - (state.now - lease.since) + 50);
      return;
    }
    const decision = decideFor(state, local, this.#deps.options, this.#deps.pool);
    if (decision.action === 'wait') this.#schedule(room, local, decision.ms);
    if (decision.action !== 'switch') return;
    const done =
      decision.path === 'sfu'
        ? await this.#switcher.toSfu(room, state, decision.reason)
        : await this.#switcher.toMesh(room, state, decision.reason);
    if (done) local.again = true;
  }

  async #read(room: string): Promise<RoomState | null> {
    try {
      const state = await this.#deps.hub.roomState(room);
      const local = this.#rooms.get(room);
      if (local !== undefined) local.record = state.record;
      return state;
    } catch {
      return null;
    }
  }

  /** Whether something asked for another evaluation meanwhile (a method: not narrowed away). */
  #runAgain(local: LocalRoom): boolean {
    return local.again && !this.#closed;
  }

  #schedule(room: string, local: LocalRoom, ms: number): void {
    if (local.timer !== null) clearTimeout(local.timer);
    local.timer = setTimeout(
      () => {
        local.timer = null;
        this.roomChanged(room);
      },
      Math.max(0, ms),
    );
    local.timer.unref();
  }

  #localRoom(room: string): LocalRoom {
    let local = this.#rooms.get(room);
    if (local === undefined) {
      local = newLocalRoom();
      this.#rooms.set(room, local);
    }
    return local;
  }

  #evaluateAll(): void {
    for (const room of this.#rooms.keys()) this.roomChanged(room);
  }

  #roomsByPath(): Record<RoomPath, number> {
    const counts: Record<RoomPath, number> = { mesh: 0, sfu: 0 };
    for (const local of this.#rooms.values()) counts[local.record?.mode.path ?? 'mesh']++;
    return counts;
  }
}
