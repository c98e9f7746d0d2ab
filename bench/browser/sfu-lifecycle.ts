// The life of one meeting on a server with the default policy (mesh up to 4) and a short
// hold: 4 on the mesh, a 5th joins (mesh → SFU), Janus killed with SIGKILL (time until every
// page plays everyone again), two leave (SFU → mesh after the hold). Every page measures
// each other participant's longest audio gap and video freeze across each switch.
import type { ConfabServer } from '../../src/server/index.js';
import { sleep } from '../lib/processes.js';
import type { Participant } from './sfu-participants.js';
import {
  connectionsByPath,
  endGaps,
  join,
  startGaps,
  timeUntil,
  untilAllPlaying,
  type SwitchGaps,
  type TrialEnv,
} from './sfu-trials.js';

export interface LifecycleFigures {
  readonly meshToSfu: SwitchGaps & { readonly allOnSfuOnlyMs: number | null };
  /** Gaps across the outage: the worst is the time until media was back for everyone. */
  readonly janusKill: SwitchGaps & {
    /** Until the server's new Janus was healthy. */
    readonly janusBackMs: number | null;
    /** Until every page had its two new SFU connections up. */
    readonly reconnectedMs: number | null;
    /** Until every page played everyone again (after reconnecting). */
    readonly allPlayingMs: number;
    readonly people: number;
  };
  readonly sfuToMesh: SwitchGaps & { readonly allOnMeshOnlyMs: number | null };
}

const BUDGET_MS = 45_000;

const everyPage = async (
  people: readonly Participant[],
  test: (state: { mesh: number; sfu: number }) => boolean,
): Promise<boolean> => (await Promise.all(people.map(connectionsByPath))).every(test);

/** How many connections the page has created so far. */
function connectionCount(person: Participant): Promise<number> {
  return person.evaluate(() => (window.confabTestPeerConnections ?? []).length);
}

/** The page created two connections since it had `count`, and they are connected. */
function newConnectionsUp(person: Participant, count: number): Promise<boolean> {
  return person.evaluate((from) => {
    const fresh = (window.confabTestPeerConnections ?? []).slice(from);
    return fresh.filter((pc) => pc.connectionState === 'connected').length >= 2;
  }, count);
}

export async function runLifecycle(
  env: TrialEnv,
  server: ConfabServer,
  holdMs: number,
): Promise<LifecycleFigures> {
  const url = `${server.url()}/r/lifecycle`;
  const people: Participant[] = [];
  try {
    for (const name of ['Ann', 'Ben', 'Chen', 'Dee'])
      people.push(await join(env, url, name, 'chromium'));
    await untilAllPlaying(people, BUDGET_MS);
    await sleep(2000);
    await startGaps(people);
    const joinedAt = Date.now();
    people.push(await join(env, url, 'Eve', 'chromium'));
    const allOnSfuOnlyMs = await timeUntil(
      () => everyPage(people, (s) => s.mesh === 0 && s.sfu === 2),
      BUDGET_MS,
      joinedAt,
    );
    const meshToSfu = { ...(await endGaps(people.slice(0, 4))), allOnSfuOnlyMs };
    await untilAllPlaying(people, BUDGET_MS);

    const pid = server.sfu?.pool.local?.process?.pid;
    if (pid === undefined) throw new Error('no local Janus to kill');
    const before = await Promise.all(people.map(connectionCount));
    await startGaps(people);
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    // The server restarts its Janus and moves the room (5 > mesh-max) to a new Janus room.
    const janusBackMs = await timeUntil(
      () => {
        const local = server.sfu?.pool;
        const now = local?.local?.process?.pid;
        return Promise.resolve(now !== undefined && now !== pid && local?.healthyCount() === 1);
      },
      BUDGET_MS,
      killedAt,
    );
    // Every page re-published by itself: two new connections (publisher, subscriber) up.
    const reconnectedMs = await timeUntil(
      async () =>
        (await Promise.all(people.map((p, i) => newConnectionsUp(p, before[i] ?? 0)))).every(
          Boolean,
        ),
      BUDGET_MS,
      killedAt,
    );
    await untilAllPlaying(people, BUDGET_MS);
    const allPlayingMs = Date.now() - killedAt;
    await sleep(1000);
    const janusKill = {
      ...(await endGaps(people)),
      janusBackMs,
      reconnectedMs,
      allPlayingMs,
      people: people.length,
    };
    await sleep(1000);

    const three = people.slice(0, 3);
    await startGaps(three);
    const leaving = people.splice(3);
    for (const person of leaving) await person.close();
    const leftAt = Date.now();
    const allOnMeshOnlyMs = await timeUntil(
      () => everyPage(three, (s) => s.mesh === 2 && s.sfu === 0),
      BUDGET_MS + holdMs,
      leftAt,
    );
    const sfuToMesh = { ...(await endGaps(three)), allOnMeshOnlyMs };
    return { meshToSfu, janusKill, sfuToMesh };
  } finally {
    await Promise.all(people.map((p) => p.close()));
  }
}
