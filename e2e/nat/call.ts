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
  type HarnessLog,
  type Participant,
  type PeerStats,
} from '../client-harness.js';
import type { Host } from './topology.js';

export interface CallResult {
  readonly pairing: string;
  readonly turn: boolean;
  readonly a: string;
  readonly b: string;
  /** The path the lab expects ICE to select (see `Path`); more than one when either is fine. */
  readonly expected: readonly Path[];
  /** Where it matters: the expected address family, and how a reaches TURN. */
  readonly expectedFamily: PairView['family'];
  readonly expectedRelayProtocol: string | null;
  /** The path ICE selected, as seen from a. */
  readonly measured: Path;
  readonly connected: boolean;
  /** The newcomer's time from joining to `connected`, ms. */
  readonly connectMs: number | null;
  /** Why it did not connect: ICE failed, there was no candidate pair to try, or no outcome. */
  readonly gaveUp: 'ice-failed' | 'no-candidate-pairs' | 'timeout' | null;
  /** When it did not connect: the time from joining until the lab saw why, ms. */
  readonly failedAfterMs: number | null;
  readonly mediaFlows: boolean;
  /** Selected pair as seen from a and from b (local → remote candidate type, protocol). */
  readonly fromA: PairView | null;
  readonly fromB: PairView | null;
  /** When it did not connect: each side's ICE states and network changes, for the report. */
  readonly trail: string | null;
}

/**
 * What kind of path a call took: directly between host addresses, directly through NATs or
 * firewalls (server- or peer-reflexive candidates), through a TURN relay, or none at all.
 */
export type Path = 'host' | 'reflexive' | 'relay' | 'fails';

export interface PairView {
  readonly local: string;
  readonly remote: string;
  readonly protocol: string;
  readonly relayProtocol: string | null;
  /** Address family of the selected local candidate (for a relay: of its relay address). */
  readonly family: 'IPv4' | 'IPv6' | null;
}

/** How long a call may take to connect before it counts as failed (when ICE never gives up). */
export const CONNECT_BUDGET_MS = 25_000;

export async function placeCall(
  browsers: { a: Browser; b: Browser },
  hosts: { a: Host; b: Host },
  server: string,
  meta: Pick<
    CallResult,
    'pairing' | 'turn' | 'expected' | 'expectedFamily' | 'expectedRelayProtocol'
  >,
): Promise<CallResult> {
  const room = `lab-${String(Date.now())}-${String(Math.floor(Math.random() * 1e6))}`;
  const a = await joinRoom(browsers.a, server, room, hosts.a.name);
  const b = await joinRoom(browsers.b, server, room, hosts.b.name);
  try {
    const startedAt = Date.now();
    const outcome = await waitForOutcome([a, b]);
    const connected = outcome === 'connected';
    let mediaFlows = false;
    if (connected) {
      const before = await mediaCounters([a, b]);
      mediaFlows = await eventually(
        async () => (await stalledPairs([a, b], before)).length === 0,
        15_000,
      );
    }
    const [logA, logB] = await Promise.all([harnessLog(a), harnessLog(b)]);
    const connectedAt = logB.peerStates.find(([id, state]) => id === a.id && state === 'connected');
    const fromA = connected ? view((await peerStats(a))[0]) : null;
    return {
      ...meta,
      a: hosts.a.name,
      b: hosts.b.name,
      measured: pathOf(fromA),
      connected,
      connectMs: connected ? (connectedAt?.[2] ?? null) : null,
      gaveUp: connected ? null : outcome,
      failedAfterMs:
        outcome === 'ice-failed'
          ? (iceGaveUpAt(logB.iceStates) ?? iceGaveUpAt(logA.iceStates))
          : outcome === 'no-candidate-pairs'
            ? Date.now() - startedAt
            : null,
      mediaFlows,
      fromA,
      fromB: connected ? view((await peerStats(b))[0]) : null,
      trail: connected
        ? null
        : trailOf([
            [a, logA],
            [b, logB],
          ]),
    };
  } finally {
    await leaveAll([a, b]);
  }
}

/** The path class of a selected pair (null: no pair, the call failed). */
export function pathOf(pair: PairView | null): Path {
  if (pair === null) return 'fails';
  if (pair.local === 'relay' || pair.remote === 'relay') return 'relay';
  return pair.local === 'host' && pair.remote === 'host' ? 'host' : 'reflexive';
}

/**
 * ICE gave up on a connection that never worked: its checks ran out before ICE was ever
 * connected (Chromium then reports `disconnected`, after ~15 s, or `failed`; the client
 * restarts ICE, which cannot help when no path exists). Not the peer's "reconnecting": a
 * restart for a network change, or a pair that drops before DTLS is done, shows that too on
 * a call that then connects.
 */
const ICE_GAVE_UP: readonly RTCIceConnectionState[] = ['disconnected', 'failed'];
const ICE_WORKED: readonly RTCIceConnectionState[] = ['connected', 'completed'];

/** When ICE gave up (ms since the join), or null: it never did, or it connected first. */
function iceGaveUpAt(iceStates: HarnessLog['iceStates']): number | null {
  for (const [, state, ms] of iceStates) {
    if (ICE_WORKED.includes(state)) return null;
    if (ICE_GAVE_UP.includes(state)) return ms;
  }
  return null;
}

/** Each side's ICE states and network changes (ms since its join), in one line. */
function trailOf(sides: readonly (readonly [Participant, HarnessLog])[]): string {
  return sides
    .map(([participant, { iceStates, networkChanges }]) => {
      const states = iceStates.map(([, state, ms]) => `${state}@${String(ms)}`).join(' ');
      const changes = networkChanges.map((ms) => `@${String(ms)}`).join(' ');
      return `${participant.name}: ice ${states || '–'}; network changes ${changes || 'none'}`;
    })
    .join(' | ');
}

function view(stats: PeerStats | undefined): PairView | null {
  if (!stats?.localCandidateType || !stats.remoteCandidateType) return null;
  const address = stats.localAddress;
  return {
    local: stats.localCandidateType,
    remote: stats.remoteCandidateType,
    protocol: stats.localProtocol ?? '?',
    relayProtocol: stats.relayProtocol,
    family: address === null ? null : address.includes(':') ? 'IPv6' : 'IPv4',
  };
}

type Outcome = 'connected' | 'ice-failed' | 'no-candidate-pairs' | 'timeout';

/** How long "no candidate pair" must hold before it counts (candidates trickle in meanwhile). */
const NO_PAIRS_FOR_MS = 1000;

/**
 * Until both sides are connected, or either one's ICE gave up before ever connecting, or
 * both have gathered and hold each other's description yet ICE has no candidate pair to
 * check (no common address family: it would wait forever), or the budget is spent.
 */
async function waitForOutcome(participants: readonly Participant[]): Promise<Outcome> {
  let outcome: Outcome = 'timeout';
  let noPairsSince: number | null = null;
  await eventually(async () => {
    let all = true;
    for (const participant of participants) {
      const [stats] = await peerStats(participant);
      if (stats?.connectionState !== 'connected') all = false;
      if (iceGaveUpAt((await harnessLog(participant)).iceStates) !== null) {
        outcome = 'ice-failed';
        return true;
      }
    }
    if (all) {
      outcome = 'connected';
      return true;
    }
    const stuck = (await Promise.all(participants.map(hasNoCandidatePair))).every(Boolean);
    noPairsSince = stuck ? (noPairsSince ?? Date.now()) : null;
    if (noPairsSince !== null && Date.now() - noPairsSince >= NO_PAIRS_FOR_MS) {
      outcome = 'no-candidate-pairs';
      return true;
    }
    return false;
  }, CONNECT_BUDGET_MS);
  return outcome;
}

/** Gathering complete, the remote description set, and not one candidate pair. */
function hasNoCandidatePair(participant: Participant): Promise<boolean> {
  return participant.page.evaluate(async () => {
    const harness = window.confabHarness;
    const pc = harness?.internals.mesh.peer(harness.call.participants[0]?.id ?? '')?.pc;
    if (pc?.iceGatheringState !== 'complete' || pc.remoteDescription === null) return false;
    let pairs = 0;
    (await pc.getStats()).forEach((stat: { type: string }) => {
      if (stat.type === 'candidate-pair') pairs += 1;
    });
    return pairs === 0;
  });
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
