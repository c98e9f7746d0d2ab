import { test as base, expect, type Browser } from '@playwright/test';
import {
  startConfabNodes,
  stopConfabNodes,
  type ConfabNode,
} from '../src/cli/test-support/confab-nodes.js';
import { startRedis } from '../src/server/test-support/redis-server.js';
import {
  fullMeshConnected,
  harnessLog,
  joinRoom,
  leaveAll,
  mediaCounters,
  signalingInfo,
  stalledPairs,
  type Participant,
} from './client-harness.js';

// Three Chromium participants on the client library, each signaling through a different
// `confab serve --redis` process, all three sharing one real redis-server.

const test = base.extend<{ nodes: ConfabNode[] }>({
  nodes: async ({}, use) => {
    const redis = await startRedis();
    // Each node is its own origin here (another port), and a participant whose node dies
    // moves to another one with its page still from the first: the nodes admit each
    // other's pages, as a deployment lists its public origins with --allowed-origin.
    const nodes = await startConfabNodes(3, redis.url, [
      ...['--redis-lease', '1', '--allowed-origin', '*'],
    ]);
    try {
      await use(nodes);
    } finally {
      await stopConfabNodes(nodes);
      await redis.cleanup();
    }
  },
});

/** Participant i loads the app from node i and signals through it; the other nodes are its fallbacks. */
async function joinThree(browser: Browser, nodes: readonly ConfabNode[]): Promise<Participant[]> {
  const participants: Participant[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const own = nodes[i];
    if (!own) throw new Error('unreachable');
    const fallbackServers = nodes.filter((node) => node !== own).map((node) => node.httpUrl);
    participants.push(
      await joinRoom(browser, own.httpUrl, 'e2e', `P${String(i)}`, { fallbackServers }),
    );
  }
  return participants;
}

let people: Participant[] = [];
test.afterEach(async () => {
  await leaveAll(people);
  people = [];
});

test('three participants on three nodes form a full mesh with media flowing', async ({
  browser,
  nodes,
}) => {
  people = await joinThree(browser, nodes);
  await expect.poll(() => fullMeshConnected(people), { timeout: 30_000 }).toBe(true);
  const flowing = await mediaCounters(people);
  await expect.poll(() => stalledPairs(people, flowing), { intervals: [1000] }).toEqual([]);
  for (const node of nodes) {
    const metrics = await (await fetch(`${node.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/^confab_cross_node_messages_total\{direction="received"\} [1-9]/m);
  }
  for (const person of people) expect((await harnessLog(person)).errors).toEqual([]);
});

test('a node killed mid-call: its participant resumes on another node with the same id, media never stops', async ({
  browser,
  nodes,
}) => {
  people = await joinThree(browser, nodes);
  await expect.poll(() => fullMeshConnected(people), { timeout: 30_000 }).toBe(true);
  const victim = people[1];
  if (!victim) throw new Error('unreachable');

  const atKill = await mediaCounters(people);
  await nodes[1]?.proc.kill('SIGKILL');
  await expect
    .poll(async () => (await harnessLog(victim)).joinedKinds, { timeout: 20_000 })
    .toEqual(['joined', 'resumed']);
  expect(await signalingInfo(victim)).toEqual({ state: 'joined', id: victim.id });
  // Frames keep coming on every pair, after the kill and again after the resume.
  await expect.poll(() => stalledPairs(people, atKill), { intervals: [1000] }).toEqual([]);
  const afterResume = await mediaCounters(people);
  await expect.poll(() => stalledPairs(people, afterResume), { intervals: [1000] }).toEqual([]);

  for (const person of people) {
    const log = await harnessLog(person);
    expect(log.left).toEqual([]);
    expect(log.errors).toEqual([]);
    // No connection ever left 'connected' once it got there.
    for (const other of people.filter((p) => p !== person)) {
      const states = log.peerStates.filter(([id]) => id === other.id).map(([, state]) => state);
      expect(states.slice(states.indexOf('connected'))).toEqual(['connected']);
    }
  }
});
