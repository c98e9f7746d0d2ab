// One call between two lab hosts through the real client library: did it connect, how
// fast, over which candidate pair, and does media flow.
import type { Browser } from '@playwright/test';
import {
  harnessLog,
  joinRoom,
  leaveAll,
  mediaCounters,
  peerStats,
  stalledPairs,
  type PeerStats,
} from '../client-harness.js';
import type { Host } from './topology.js';

export interface CallResult {
  readonly pairing: string;
  readonly turn: boolean;
  readonly a: string;
  readonly b: string;
  readonly connected: boolean;
  /** The newcomer's time from joining to `connected`, ms. */
  readonly connectMs: number | null;
  readonly mediaFlows: boolean;
  /** Selected pair as seen from a and from b (local → remote candidate type, protocol). */
  readonly fromA: PairView | null;
  readonly fromB: PairView | null;
}

export interface PairView {
  readonly local: string;
  readonly remote: string;
  readonly protocol: string;
  readonly relayProtocol: string | null;
}

/** How long a call may take to connect before it counts as failed. */
export const CONNECT_BUDGET_MS = 25_000;

export async function placeCall(
  browsers: { a: Browser; b: Browser },
  hosts: { a: Host; b: Host },
  server: string,
  meta: { pairing: string; turn: boolean },
): Promise<CallResult> {
  const room = `lab-${String(Date.now())}-${String(Math.floor(Math.random() * 1e6))}`;
  const a = await joinRoom(browsers.a, server, room, hosts.a.name);
  const b = await joinRoom(browsers.b, server, room, hosts.b.name);
  try {
    const connected = await waitUntilConnected([a, b]);
    let mediaFlows = false;
    if (connected) {
      const before = await mediaCounters([a, b]);
      mediaFlows = await eventually(
        async () => (await stalledPairs([a, b], before)).length === 0,
        15_000,
      );
    }
    const log = await harnessLog(b);
    const connectedAt =
      log.peerStates.find(([id, state]) => id === a.id && state === 'connected')?.[2] ?? null;
    return {
      ...meta,
      a: hosts.a.name,
      b: hosts.b.name,
      connected,
      connectMs: connected ? connectedAt : null,
      mediaFlows,
      fromA: connected ? view((await peerStats(a))[0]) : null,
      fromB: connected ? view((await peerStats(b))[0]) : null,
    };
  } finally {
    await leaveAll([a, b]);
  }
}

function view(stats: PeerStats | undefined): PairView | null {
  if (!stats?.localCandidateType || !stats.remoteCandidateType) return null;
  return {
    local: stats.localCandidateType,
    remote: stats.remoteCandidateType,
    protocol: stats.localProtocol ?? '?',
    relayProtocol: stats.relayProtocol,
  };
}

async function waitUntilConnected(
  participants: Parameters<typeof peerStats>[0][],
): Promise<boolean> {
  return eventually(async () => {
    for (const participant of participants) {
      const [stats] = await peerStats(participant);
      if (stats?.connectionState !== 'connected') return false;
    }
    return true;
  }, CONNECT_BUDGET_MS);
}

/** Polls `condition` (state inside the browsers has no event the test process can await). */
async function eventually(condition: () => Promise<boolean>, budgetMs: number): Promise<boolean> {
  const deadline = Date.now() + budgetMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return condition();
}
