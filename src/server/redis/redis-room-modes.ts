import { roomPathSchema } from '../../protocol/index.js';
import type { ModeChange, ModeRecord, RoomState } from '../room-mode-record.js';
import type { OpGate } from './op-gate.js';
import { ReplyReader, RedisReplyError } from './replies.js';
import type { Scripts } from './scripts.js';

/** Room mode records in Redis (lua-modes.ts): read them, compare-and-set them. */
export class RedisRoomModes {
  constructor(
    private readonly scripts: Scripts,
    private readonly gate: OpGate,
  ) {}

  async roomState(room: string): Promise<RoomState> {
    return parseModeState(await this.gate.run(() => this.scripts.run('mode-state', [room])));
  }

  /** The record after the change, or null when the compare-and-set failed. */
  async changeMode(room: string, change: ModeChange): Promise<ModeRecord | null> {
    const reply = await this.gate.run(() =>
      this.scripts.run('mode-change', modeArgs(room, change)),
    );
    const read = new ReplyReader(reply);
    const outcome = read.string();
    if (outcome === 'conflict') return null;
    if (outcome !== 'ok') throw new RedisReplyError(`unknown mode-change outcome ${outcome}`);
    return readModeState(read).record;
  }
}

function modeArgs(room: string, change: ModeChange): string[] {
  const base = [room, change.kind, String(change.epoch)];
  switch (change.kind) {
    case 'prepare':
      return [
        ...base,
        change.path,
        change.instance ?? '',
        change.janusRoom ?? '',
        '',
        '',
        String(change.staleMs),
      ];
    case 'abandon':
      return [...base, '', '', '', '', String(change.preparedSince), '0'];
    case 'announce':
      return [
        ...base,
        change.path,
        change.instance ?? '',
        change.janusRoom ?? '',
        change.reason,
        change.preparedSince === null ? '' : String(change.preparedSince),
        '0',
      ];
  }
}

const orNull = (text: string): string | null => (text === '' ? null : text);

/** {members, now, p, e, pn, i, j, qo, qs, qp, qi, qj} → RoomState. */
export function parseModeState(reply: unknown): RoomState {
  return readModeState(new ReplyReader(reply));
}

function readModeState(read: ReplyReader): RoomState {
  const members = read.number();
  const now = read.number();
  const mode = read.mode();
  const instance = orNull(read.string());
  const janusRoom = orNull(read.string());
  const [owner, since, path, leaseInstance, leaseRoom] = [
    read.string(),
    read.string(),
    read.string(),
    read.string(),
    read.string(),
  ];
  let preparing: ModeRecord['preparing'] = null;
  if (owner !== '') {
    const leasePath = roomPathSchema.safeParse(path);
    const leaseSince = Number(since);
    if (!leasePath.success || !Number.isSafeInteger(leaseSince))
      throw new RedisReplyError('invalid switch lease in reply');
    preparing = {
      owner,
      since: leaseSince,
      path: leasePath.data,
      instance: orNull(leaseInstance),
      janusRoom: orNull(leaseRoom),
    };
  }
  const sfu = mode.path === 'sfu';
  return {
    members,
    now,
    record: {
      mode,
      instance: sfu ? instance : null,
      janusRoom: sfu ? janusRoom : null,
      preparing,
    },
  };
}
