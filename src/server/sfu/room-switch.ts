import { randomBytes } from 'node:crypto';
import type { RoomModeReason } from '../../protocol/index.js';
import type { SignalingHub } from '../hub.js';
import type { Logger } from '../logger.js';
import type { PreparingSwitch, RoomState } from '../room-mode-record.js';
import { SFU_DRAIN_MS } from './member-media.js';
import type { SfuMetrics } from './sfu-metrics.js';
import type { SfuPool } from './sfu-pool.js';

/** The old Janus room is destroyed this long after a return to mesh (members drain first). */
export const DESTROY_AFTER_MS = SFU_DRAIN_MS + 5_000;

export interface RoomSwitchDeps {
  readonly hub: SignalingHub;
  readonly pool: SfuPool;
  readonly metrics: SfuMetrics;
  readonly log: Logger;
  /** Publishers a Janus room takes: the room's capacity. */
  readonly publishers: number;
  /** A switch lease older than this is stale (its node died or hangs): anyone may take over. */
  readonly staleMs: number;
}

/** A Janus room name: random, so that knowing a confab room name reveals nothing. */
function newJanusRoomId(): string {
  return `confab-${randomBytes(12).toString('base64url')}`;
}

/**
 * The steps of a room's mode change, run by whichever node decided it. To the SFU: take
 * the switch lease (not announced: the room stays a working mesh), create the Janus room,
 * then announce; any failure or lost race undoes its own Janus room. To the mesh: one
 * announce; the old Janus room goes once the members have drained off it.
 */
export class RoomSwitcher {
  readonly #deps: RoomSwitchDeps;
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(deps: RoomSwitchDeps) {
    this.#deps = deps;
  }

  async toSfu(room: string, state: RoomState, reason: RoomModeReason): Promise<boolean> {
    const { hub, pool, log } = this.#deps;
    const started = performance.now();
    const instance = await pool.pick();
    if (instance === null) return false;
    const janusRoom = newJanusRoomId();
    const { epoch } = state.record.mode;
    const prepared = await hub.changeMode(room, {
      kind: 'prepare',
      epoch,
      path: 'sfu',
      instance: instance.id,
      janusRoom,
      staleMs: this.#deps.staleMs,
    });
    const lease = prepared?.preparing;
    if (lease?.owner !== hub.nodeId || lease.janusRoom !== janusRoom) return false;
    if (state.record.preparing !== null) this.#destroyStale(state.record.preparing);
    try {
      await instance.createRoom(janusRoom, `confab ${room}`, this.#deps.publishers);
    } catch (error) {
      log.warn({ room, sfu: instance.id, err: describe(error) }, 'could not create the SFU room');
      await hub.changeMode(room, { kind: 'abandon', epoch, preparedSince: lease.since });
      return false;
    }
    const ready = await hub.changeMode(room, {
      kind: 'announce',
      epoch,
      path: 'sfu',
      instance: instance.id,
      janusRoom,
      reason,
      preparedSince: lease.since,
    });
    if (ready === null) {
      await instance.destroyRoom(janusRoom);
      return false;
    }
    const seconds = (performance.now() - started) / 1000;
    this.#deps.metrics.switched(reason, 'sfu', seconds);
    log.info(
      { room, epoch: ready.mode.epoch, reason, sfu: instance.id, ms: Math.round(seconds * 1000) },
      'room moved to the SFU',
    );
    return true;
  }

  async toMesh(room: string, state: RoomState, reason: RoomModeReason): Promise<boolean> {
    const { hub, log } = this.#deps;
    const started = performance.now();
    const { record } = state;
    const announced = await hub.changeMode(room, {
      kind: 'announce',
      epoch: record.mode.epoch,
      path: 'mesh',
      instance: null,
      janusRoom: null,
      reason,
      preparedSince: null,
    });
    if (announced === null) return false;
    const seconds = (performance.now() - started) / 1000;
    this.#deps.metrics.switched(reason, 'mesh', seconds);
    log.info({ room, epoch: announced.mode.epoch, reason }, 'room moved to the mesh');
    if (record.instance !== null && record.janusRoom !== null)
      this.destroyLater(
        record.instance,
        record.janusRoom,
        reason === 'sfu-lost' ? 0 : DESTROY_AFTER_MS,
      );
    return true;
  }

  /** Destroys a Janus room after `ms` (idempotent on Janus's side: a gone room is fine). */
  destroyLater(instanceId: string, janusRoom: string, ms: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#deps.pool.get(instanceId)?.destroyRoom(janusRoom);
    }, ms);
    timer.unref();
    this.#timers.add(timer);
  }

  /** Cancels pending destroys; rooms left on a remote Janus go in its orphan sweep. */
  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  /** The Janus room of a lease that went stale (its node died mid-switch) is an orphan. */
  #destroyStale(lease: PreparingSwitch): void {
    if (lease.instance !== null && lease.janusRoom !== null)
      this.destroyLater(lease.instance, lease.janusRoom, 0);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
