import type { ServerAppMessage } from '../../protocol/index.js';
import type { AppData, Membership, RelayOutcome } from '../hub.js';
import type { LocalMembers } from './local-members.js';
import { RedisUnavailableError, type OpGate } from './op-gate.js';
import type { RedisMetrics } from './redis-metrics.js';
import { parseRelay } from './replies.js';
import type { Scripts } from './scripts.js';

export interface RelayDeps {
  readonly nodeId: string;
  readonly scripts: Scripts;
  readonly gate: OpGate;
  readonly members: LocalMembers;
  readonly metrics: RedisMetrics;
}

/**
 * Runs a relay script (`relay` for signals, `app` for app messages) for a member of this
 * node and maps its reply; the frame is what the target's client receives.
 */
export async function relayThroughRedis(
  deps: RelayDeps,
  script: 'relay' | 'app',
  from: Membership,
  to: string,
  frame: string | Buffer,
  /** What the target's resume buffer needs should it be away (see lua.ts RELAY and APP). */
  buffering: readonly string[],
): Promise<RelayOutcome> {
  const member = deps.members.byPeer(from.peerId);
  if (member === undefined) {
    deps.metrics.dropped.inc({ reason: 'no-connection' });
    return 'dropped';
  }
  const args = [from.peerId, member.conn, from.room, to, frame, ...buffering];
  try {
    const reply = parseRelay(await deps.gate.run(() => deps.scripts.run(script, args)));
    switch (reply.outcome) {
      case 'delivered':
        if (reply.detail !== '' && reply.detail !== deps.nodeId)
          deps.metrics.crossNode.inc({ direction: 'sent' });
        return 'delivered';
      case 'buffered':
      case 'skipped':
        return 'buffered';
      case 'unknown-peer':
        return 'unknown-peer';
      case 'dropped':
        deps.metrics.dropped.inc({ reason: reply.detail === 'stale' ? 'stale' : 'restoring' });
        return 'dropped';
    }
  } catch (error) {
    const reason = error instanceof RedisUnavailableError && error.code === 'queue-full';
    deps.metrics.dropped.inc({ reason: reason ? 'queue-full' : 'unavailable' });
    return 'dropped';
  }
}

/** An app message for one member (`to`) or every other member (`to` null). */
export function relayAppThroughRedis(
  deps: RelayDeps,
  from: Membership,
  to: string | null,
  data: AppData,
): Promise<RelayOutcome> {
  const message: ServerAppMessage = { type: 'app', from: from.peerId, data };
  const frame = JSON.stringify(message);
  const bytes = String(Buffer.byteLength(frame));
  return relayThroughRedis(deps, 'app', from, to ?? '', frame, [bytes]);
}
