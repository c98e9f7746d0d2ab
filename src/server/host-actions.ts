import type { ErrorCode, HostMessage } from '../protocol/index.js';
import type { MemberLink, Membership, SignalingHub } from './hub.js';
import type { Logger } from './logger.js';
import type { ServerOptions } from './options.js';
import { hashPasscode } from './passcode.js';
import type { ControlAction, ControlOutcome } from './room-controls.js';
import type { JoinCapacity } from './room-mode-record.js';

export interface HostActionsContext {
  readonly hub: SignalingHub;
  readonly options: Pick<ServerOptions, 'meshOnly' | 'meshCapacity' | 'roomCapacity'>;
  /** How many members the room may hold now (the SFU controller's view), if there is an SFU. */
  readonly capacity: () => JoinCapacity | undefined;
  /** A host pinned or unpinned the room: the SFU controller looks at it again. */
  readonly modeChanged: (room: string) => void;
}

/** What an action's outcome tells the host when it did not happen. */
const REFUSALS: Readonly<
  Record<Exclude<ControlOutcome, 'done' | 'dropped'>, readonly [ErrorCode, string]>
> = {
  forbidden: ['forbidden', 'only the host can do that'],
  'unknown-peer': ['unknown-peer', 'nobody with that id is in the room (or waiting)'],
  'room-full': ['forbidden', 'the room is full: nobody more can be admitted'],
  'too-big': ['forbidden', 'the room has more members than the mesh holds'],
};

/**
 * A member's `host` messages: each becomes one hub action, which the hub runs only if the
 * member is the room's host at that moment (a non-host gets `forbidden`). Nothing here
 * is trusted from the client but the action itself; a passcode is hashed before it leaves.
 */
export class HostActions {
  constructor(
    private readonly context: HostActionsContext,
    private readonly member: Membership,
    private readonly link: MemberLink,
    private readonly reply: (code: ErrorCode, message: string) => void,
    private readonly log: Logger,
  ) {}

  async handle(message: HostMessage): Promise<void> {
    if (message.action === 'set-mode' && this.context.options.meshOnly) {
      this.reply('forbidden', 'this server keeps every room on the mesh (--mesh-only)');
      return;
    }
    const action = await this.#toAction(message);
    const outcome = await this.context.hub.control(this.member, this.link, action);
    if (outcome === 'dropped') {
      this.log.warn(
        { action: message.action },
        'host action not recorded: shared state unreachable',
      );
      return;
    }
    if (outcome !== 'done') {
      const [code, text] = REFUSALS[outcome];
      this.reply(code, text);
      return;
    }
    this.log.info({ action: message.action }, 'host action');
    if (message.action === 'set-mode') this.context.modeChanged(this.member.room);
  }

  async #toAction(message: HostMessage): Promise<ControlAction> {
    const { roomCapacity, meshCapacity } = this.context.options;
    switch (message.action) {
      case 'admit': {
        const capacity = this.context.capacity() ?? { open: roomCapacity, pinned: roomCapacity };
        return { action: 'admit', id: message.id, capacity };
      }
      case 'deny':
      case 'remove':
      case 'mute-request':
      case 'transfer-host':
        return { action: message.action, id: message.id };
      case 'set-lobby':
        return { action: 'set-lobby', on: message.on };
      case 'set-lock':
        return { action: 'set-lock', locked: message.locked };
      case 'end-meeting':
        return { action: 'end-meeting' };
      case 'set-passcode': {
        const stored = message.passcode === null ? null : await hashPasscode(message.passcode);
        return { action: 'set-passcode', stored };
      }
      case 'set-mode':
        return {
          action: 'set-mode',
          pinned: message.pinned,
          meshCapacity: Math.min(meshCapacity, roomCapacity),
        };
    }
  }
}
