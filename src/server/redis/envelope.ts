import type { Delivery } from '../hub.js';
import { deliveryFromText } from '../relay-encoding.js';
import type { EndReason } from '../room-controls.js';

/**
 * What arrives on a node's channel (written by the Lua scripts, see lua.ts):
 * `m|<conn>|<origin>|<json>` delivers a message to one of this node's connections,
 * `s|<conn>|<origin>` tells that connection a resume elsewhere took its member over,
 * `a|<conn>|<origin>` that the host admitted it (it waited in the lobby), and
 * `e|<conn>|<origin>|<reason>` that its place ended (removed, denied, meeting-ended).
 */
export type Envelope =
  | {
      readonly kind: 'deliver';
      readonly conn: string;
      readonly origin: string;
      readonly message: Delivery;
    }
  | { readonly kind: 'supersede'; readonly conn: string; readonly origin: string }
  | { readonly kind: 'admit'; readonly conn: string; readonly origin: string }
  | {
      readonly kind: 'end';
      readonly conn: string;
      readonly origin: string;
      readonly reason: EndReason;
    };

const END_REASONS: ReadonlySet<string> = new Set<EndReason>(['removed', 'denied', 'meeting-ended']);

/** Connection and node ids: what `newConnectionId`/`newNodeId` produce. */
const ID = /^[A-Za-z0-9_.-]{1,64}$/;

/** Validates a channel payload; anything else (another program on our channel) is null. */
export function parseEnvelope(payload: string): Envelope | null {
  const kind = payload.slice(0, 2);
  const connEnd = payload.indexOf('|', 2);
  if (connEnd < 0) return null;
  const conn = payload.slice(2, connEnd);
  if (!ID.test(conn)) return null;
  if (kind === 's|' || kind === 'a|') {
    const origin = payload.slice(connEnd + 1);
    if (!ID.test(origin)) return null;
    return kind === 's|' ? { kind: 'supersede', conn, origin } : { kind: 'admit', conn, origin };
  }
  if (kind !== 'm|' && kind !== 'e|') return null;
  const originEnd = payload.indexOf('|', connEnd + 1);
  if (originEnd < 0) return null;
  const origin = payload.slice(connEnd + 1, originEnd);
  if (!ID.test(origin)) return null;
  if (kind === 'e|') {
    const reason = payload.slice(originEnd + 1);
    return isEndReason(reason) ? { kind: 'end', conn, origin, reason } : null;
  }
  const message = deliveryFromText(payload.slice(originEnd + 1));
  return message === null ? null : { kind: 'deliver', conn, origin, message };
}

function isEndReason(text: string): text is EndReason {
  return END_REASONS.has(text);
}
