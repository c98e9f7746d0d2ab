import type { Delivery, RemovalReason } from '../hub.js';
import { deliveryFromText } from '../relay-encoding.js';

/**
 * What arrives on a node's channel (written by the Lua scripts, see lua.ts):
 * `m|<conn>|<origin>|<json>` delivers a message to one of this node's connections,
 * `s|<conn>|<origin>` tells that connection a resume elsewhere took its member over,
 * `k|<conn>|<origin>|<reason>` that its slot was ended on purpose (lua-admin.ts).
 */
export type Envelope =
  | {
      readonly kind: 'deliver';
      readonly conn: string;
      readonly origin: string;
      readonly message: Delivery;
    }
  | { readonly kind: 'supersede'; readonly conn: string; readonly origin: string }
  | {
      readonly kind: 'removed';
      readonly conn: string;
      readonly origin: string;
      readonly reason: RemovalReason;
    };

/** Connection and node ids: what `newConnectionId`/`newNodeId` produce. */
const ID = /^[A-Za-z0-9_.-]{1,64}$/;

/** Validates a channel payload; anything else (another program on our channel) is null. */
export function parseEnvelope(payload: string): Envelope | null {
  const kind = payload.slice(0, 2);
  const connEnd = payload.indexOf('|', 2);
  if (connEnd < 0) return null;
  const conn = payload.slice(2, connEnd);
  if (!ID.test(conn)) return null;
  if (kind === 's|') {
    const origin = payload.slice(connEnd + 1);
    return ID.test(origin) ? { kind: 'supersede', conn, origin } : null;
  }
  if (kind !== 'm|' && kind !== 'k|') return null;
  const originEnd = payload.indexOf('|', connEnd + 1);
  if (originEnd < 0) return null;
  const origin = payload.slice(connEnd + 1, originEnd);
  if (!ID.test(origin)) return null;
  if (kind === 'k|') {
    const reason = payload.slice(originEnd + 1);
    return reason === 'removed' || reason === 'room-ended'
      ? { kind: 'removed', conn, origin, reason }
      : null;
  }
  const message = deliveryFromText(payload.slice(originEnd + 1));
  return message === null ? null : { kind: 'deliver', conn, origin, message };
}
