import type { SignalingHub } from '../hub.js';
import type { Logger } from '../logger.js';
import type { SfuPool } from './sfu-pool.js';

/** confab names its Janus rooms' descriptions `confab <room>` (room-switch.ts). */
const DESCRIPTION = /^confab ([A-Za-z0-9_-]{1,64})$/;

/**
 * Destroys Janus rooms that nobody uses and no mode record names: left behind by a node
 * that died mid-switch, or by a room that emptied on another node. A room with
 * participants is never touched (members still draining off it), nor one a record or a
 * switch lease names (being set up, or in use).
 */
export async function sweepOrphans(pool: SfuPool, hub: SignalingHub, log: Logger): Promise<number> {
  let destroyed = 0;
  for (const instance of pool.instances()) {
    const rooms = await instance.rooms();
    for (const janus of rooms ?? []) {
      const room = DESCRIPTION.exec(janus.description)?.[1];
      if (room === undefined || janus.participants > 0) continue;
      const state = await hub.roomState(room).catch(() => null);
      if (state === null) continue;
      const { record } = state;
      const named =
        (record.instance === instance.id && record.janusRoom === janus.room) ||
        (record.preparing?.instance === instance.id && record.preparing.janusRoom === janus.room);
      if (named && state.members > 0) continue;
      if (await instance.destroyRoom(janus.room)) destroyed++;
    }
  }
  if (destroyed > 0) log.info({ destroyed }, 'destroyed unused SFU rooms');
  return destroyed;
}
