import { test as base, expect, type Browser, type Page } from '@playwright/test';
import {
  startConfabNodes,
  stopConfabNodes,
  type ConfabNode,
} from '../src/cli/test-support/confab-nodes.js';
import { startRedis } from '../src/server/test-support/redis-server.js';
import { joinMesh, meshSnapshot, type MeshSnapshot } from './mesh-driver.js';

// Three Chromium participants, each signaling through a different `confab serve --redis`
// process, all three sharing one real redis-server.

const test = base.extend<{ nodes: ConfabNode[] }>({
  nodes: async ({}, use) => {
    const redis = await startRedis();
    const nodes = await startConfabNodes(3, redis.url, ['--redis-lease', '1']);
    try {
      await use(nodes);
    } finally {
      await stopConfabNodes(nodes);
      await redis.cleanup();
    }
  },
});

interface Participant {
  readonly page: Page;
  readonly id: string;
  readonly name: string;
}

/** Participant i opens node i's app and signals through node i (then the others on failure). */
async function joinThree(browser: Browser, nodes: readonly ConfabNode[]): Promise<Participant[]> {
  const participants: Participant[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const page = await (await browser.newContext()).newPage();
    const own = nodes[i];
    if (!own) throw new Error('unreachable');
    await page.goto(own.httpUrl);
    const signalingUrls = nodes.map((_, k) => nodes[(i + k) % nodes.length]?.wsUrl ?? '');
    const name = `P${String(i)}`;
    const id = await page.evaluate(joinMesh, { signalingUrls, room: 'e2e', name });
    participants.push({ page, id, name });
  }
  return participants;
}

const snapshots = (people: readonly Participant[]): Promise<MeshSnapshot[]> =>
  Promise.all(people.map((person) => person.page.evaluate(meshSnapshot)));

/**
 * What keeps the mesh from being complete, as readable lines (empty = every pair is
 * connected and has decoded more video than in `baseline`).
 */
async function meshProblems(
  people: readonly Participant[],
  baseline: readonly MeshSnapshot[] | null = null,
): Promise<string[]> {
  const problems: string[] = [];
  const now = await snapshots(people);
  people.forEach((person, i) => {
    for (const other of people) {
      if (other === person) continue;
      const pair = now[i]?.peers[other.id];
      const before = baseline?.[i]?.peers[other.id]?.framesDecoded ?? 0;
      if (pair?.connectionState !== 'connected')
        problems.push(`${person.name}→${other.name} ${pair?.connectionState ?? 'missing'}`);
      else if (pair.framesDecoded <= before)
        problems.push(`${person.name}←${other.name} no new frames (${String(before)})`);
    }
  });
  return problems;
}

test('three participants on three nodes form a full mesh with media flowing', async ({
  browser,
  nodes,
}) => {
  const people = await joinThree(browser, nodes);
  await expect.poll(() => meshProblems(people), { timeout: 30_000 }).toEqual([]);
  const flowing = await snapshots(people);
  await expect.poll(() => meshProblems(people, flowing)).toEqual([]);
  for (const node of nodes) {
    const metrics = await (await fetch(`${node.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/^confab_cross_node_messages_total\{direction="received"\} [1-9]/m);
  }
  for (const snapshot of await snapshots(people)) expect(snapshot.errors).toEqual([]);
});

test('a node killed mid-call: its participant resumes on another node with the same id, media never stops', async ({
  browser,
  nodes,
}) => {
  const people = await joinThree(browser, nodes);
  await expect.poll(() => meshProblems(people), { timeout: 30_000 }).toEqual([]);
  const victim = people[1];
  if (!victim) throw new Error('unreachable');

  const atKill = await snapshots(people);
  await nodes[1]?.proc.kill('SIGKILL');
  await expect
    .poll(async () => (await victim.page.evaluate(meshSnapshot)).welcomes)
    .toEqual([victim.id, victim.id]);
  // Frames keep coming on every pair, twice over, after the kill and the resume.
  await expect.poll(() => meshProblems(people, atKill)).toEqual([]);
  const afterResume = await snapshots(people);
  await expect.poll(() => meshProblems(people, afterResume)).toEqual([]);

  for (const snapshot of await snapshots(people)) {
    expect(snapshot.peerLeft).toEqual([]);
    expect(snapshot.errors).toEqual([]);
    // No pair ever left 'connected' once it got there.
    for (const pair of Object.values(snapshot.peers))
      expect(pair.states.slice(pair.states.indexOf('connected'))).toEqual(['connected']);
  }
});
