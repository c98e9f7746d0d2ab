import { z } from 'zod';
import type { MemberLink, Membership } from '../hub.js';
import type { ControlAction, ControlOutcome, RoomAccess } from '../room-controls.js';
import type { RoomEvents } from '../room-events.js';
import { PASSCODE_WINDOW_MS, type PasscodeLimits } from '../try-counter.js';
import type { LocalMembers } from './local-members.js';
import type { OpGate } from './op-gate.js';
import { emitGone, readGone } from './redis-admin.js';
import { RedisReplyError, ReplyReader } from './replies.js';
import type { Scripts } from './scripts.js';

const controlOutcome = z.enum(['done', 'forbidden', 'unknown-peer', 'room-full', 'too-big']);

/** ARGV 11-15 of the `control` script: target, value, capacities (lua-controls.ts). */
function controlArgs(action: ControlAction): string[] {
  const none = ['', '', '0', '0', '0'];
  switch (action.action) {
    case 'admit': {
      const { open, pinned } = action.capacity;
      return [action.id, '', String(open), String(pinned), '0'];
    }
    case 'deny':
    case 'remove':
    case 'mute-request':
    case 'transfer-host':
      return [action.id, ...none.slice(1)];
    case 'set-lobby':
      return ['', action.on ? '1' : '0', '0', '0', '0'];
    case 'set-lock':
      return ['', action.locked ? '1' : '0', '0', '0', '0'];
    case 'set-passcode':
      return ['', action.stored ?? '', '0', '0', '0'];
    case 'end-meeting':
      return none;
    case 'set-mode':
      return ['', action.pinned ? '1' : '0', '0', '0', String(action.meshCapacity)];
  }
}

/** The room controls of a RedisHub: each one script, run through the node's op gate. */
export class RedisControls {
  constructor(
    private readonly scripts: Scripts,
    private readonly gate: OpGate,
    private readonly members: LocalMembers,
    private readonly limits: PasscodeLimits,
    private readonly events: RoomEvents,
  ) {}

  async roomAccess(room: string): Promise<RoomAccess> {
    const read = new ReplyReader(
      await this.gate.run(() => this.scripts.run('room-access', [room])),
    );
    const exists = read.number() === 1;
    const locked = read.number() === 1;
    const passcode = read.string();
    return { exists, locked, passcode: passcode === '' ? null : passcode };
  }

  async control(
    actor: Membership,
    link: MemberLink,
    action: ControlAction,
  ): Promise<ControlOutcome> {
    const local = this.members.owned(actor.peerId, link);
    if (local === undefined) return 'forbidden';
    const args = [actor.peerId, local.conn, actor.room, action.action, ...controlArgs(action)];
    let reply: unknown;
    try {
      reply = await this.gate.run(() => this.scripts.run('control', args));
    } catch {
      return 'dropped';
    }
    const read = new ReplyReader(reply);
    const outcome = controlOutcome.safeParse(read.string());
    if (!outcome.success) throw new RedisReplyError('invalid control reply');
    emitGone(this.events, readGone(read), action.action === 'remove' ? 'removed' : 'meeting-ended');
    return outcome.data;
  }

  /** An administrator's removal: the host's `remove`, without a host (lua-controls.ts). */
  async removeMember(room: string, peerId: string): Promise<boolean> {
    return (await this.#endSlots('admin-remove', [room, peerId])) === 1;
  }

  /** An administrator's end of the room: the host's `end-meeting`, without a host. */
  endRoom(room: string): Promise<number> {
    return this.#endSlots('admin-end', [room]);
  }

  async #endSlots(script: 'admin-remove' | 'admin-end', args: string[]): Promise<number> {
    const read = new ReplyReader(await this.gate.run(() => this.scripts.run(script, args)));
    const count = read.number();
    const reason = script === 'admin-remove' ? 'removed' : 'meeting-ended';
    emitGone(this.events, readGone(read), reason);
    return count;
  }

  /** Forgets the waiting connection here at once, tells Redis in order. */
  cancelWait(waitingId: string, link: MemberLink): Promise<unknown> {
    const waiting = this.members.waitingOf(waitingId, link);
    if (waiting === undefined) return Promise.resolve();
    this.members.remove(waiting.conn);
    return this.gate.run(() => this.scripts.run('cancel-wait', [waitingId, waiting.conn]));
  }

  async passcodeTries(room: string, addressKey: string, op: 'check' | 'wrong'): Promise<boolean> {
    const { passcodeTriesPerRoom, passcodeTriesPerIp } = this.limits;
    const args = [
      room,
      addressKey,
      op,
      String(passcodeTriesPerRoom),
      String(passcodeTriesPerIp),
      String(PASSCODE_WINDOW_MS),
    ];
    const reply = await this.gate.run(() => this.scripts.run('passcode-tries', args));
    return reply === 1;
  }
}
