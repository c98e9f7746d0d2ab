import { expectSeesAndHears } from './app-driver.js';
import { chatMessages, sendChat, timeUntil } from './support/mixed-meeting.js';
import { endGapWindow, startGapWindow, type MediaGap } from './support/media-gaps.js';
import { note, writeSfuResults } from './support/sfu-results.js';
import {
  connectionsByPath,
  expect,
  mediaPath,
  PATH_TEXT,
  SFU_HOLD_MS,
  test,
  type Person,
} from './support/sfu-meeting.js';

// Issue 13: a 4-person mesh where a 5th joins moves to the SFU, make before break; people
// leave until 3 remain and after the hold the room is a mesh again. Every page that was
// there before a switch measures, per other participant, the longest audio gap and video
// freeze across it (in the page, every frame and every 50 ms; the goals are < 1 s
// and < 2 s): the figures go to test-results/sfu/switch-gaps.json, not into assertions.
// Asserted: media goes on across each switch (frames keep coming, every page sees and hears
// everyone after it) and chat sent before, during and after each switch arrives exactly once.

interface SwitchGaps {
  readonly receiver: string;
  readonly gaps: MediaGap[];
}

/** Ends every page's gap window; prints and keeps each receiver's figures. */
async function gapsOf(switchName: string, people: readonly Person[]): Promise<SwitchGaps[]> {
  const all: SwitchGaps[] = [];
  const staying = new Set(people.map((p) => p.name));
  for (const person of people) {
    // Who left meanwhile has nothing to measure.
    const gaps = (await endGapWindow(person.page)).filter((g) => staying.has(g.name));
    for (const gap of gaps)
      note(
        'gap',
        `${switchName}: ${person.name} ← ${gap.name}: audio gap ${String(gap.audioGapMs)} ms, video gap ${String(gap.videoGapMs)} ms (${String(gap.videoFrames)} frames; sampler stall ${String(gap.samplerStallMs)} ms; audio swaps ${String(gap.audioSwaps)})`,
      );
    all.push({ receiver: person.name, gaps });
  }
  const flat = all.flatMap((r) => r.gaps);
  const worst = (key: 'audioGapMs' | 'videoGapMs') => Math.max(...flat.map((g) => g[key]));
  note(
    'gap',
    `${switchName}: worst audio gap ${String(worst('audioGapMs'))} ms, worst video gap ${String(worst('videoGapMs'))} ms over ${String(flat.length)} receiver pairs`,
  );
  return all;
}

/** Video kept coming from everyone during the window (a switch never cut a feed for good). */
function expectFramesThroughout(switchName: string, measured: readonly SwitchGaps[]): void {
  for (const { receiver, gaps } of measured)
    for (const gap of gaps)
      expect(gap.videoFrames, `${switchName}: ${receiver} ← ${gap.name}: frames`).toBeGreaterThan(
        10,
      );
}

async function everyoneSeesEveryone(people: readonly Person[]): Promise<void> {
  for (const person of people)
    await expectSeesAndHears(
      person,
      people.filter((other) => other !== person).map((other) => other.name),
    );
}

async function expectChat(people: readonly Person[], from: Person, text: string): Promise<void> {
  await sendChat(from.page, text);
  const line = (person: Person) => `${person === from ? 'You' : from.name}: ${text}`;
  for (const person of people)
    await expect
      .poll(() => chatMessages(person.page), { message: `${person.name} reads "${text}"` })
      .toContain(line(person));
}

/** At the end: every page shows each of `texts` it could receive exactly once. */
async function expectChatOnce(people: readonly Person[], texts: readonly string[]): Promise<void> {
  for (const person of people) {
    const shown = await chatMessages(person.page);
    for (const text of texts) {
      const count = shown.filter((message) => message.endsWith(`: ${text}`)).length;
      expect(count, `${person.name} shows "${text}" once`).toBe(1);
    }
  }
}

test('4-person mesh → a 5th joins → SFU → 3 remain → mesh again: make before break, chat throughout', async ({
  sfu,
}) => {
  // Five browsers on two cores, as many joins and two switches: 150 s was too little for the
  // 6-person SFU specs on a day the machine ran 2–3× slower, every step within its own budget.
  test.setTimeout(300_000);
  const room = 'grows-and-shrinks';
  const mesh: Person[] = [];
  for (const name of ['Ann', 'Ben', 'Chen', 'Dee']) {
    const person = await sfu.join(name, room);
    await person.page.clickByRole('button', 'Chat');
    mesh.push(person);
  }
  const [ann, ben, chen, dee] = mesh;
  if (ann === undefined || ben === undefined || chen === undefined || dee === undefined)
    throw new Error('unreachable');
  await everyoneSeesEveryone(mesh);
  for (const person of mesh) {
    expect(await mediaPath(person.page)).toBe(PATH_TEXT.mesh);
    expect(await connectionsByPath(person.page)).toEqual({ mesh: 3, sfu: 0 });
  }
  await expectChat(mesh, ann, 'before the switch');

  // A baseline on the mesh: what the gap meter reads without any switch.
  for (const person of mesh) await startGapWindow(person.page);
  await new Promise((r) => setTimeout(r, 5000));
  const baselineMesh = await gapsOf('baseline mesh', mesh);
  // The 5th joins: the room moves to the SFU while the mesh still carries everything.
  for (const person of mesh) await startGapWindow(person.page);
  const joinedAt = Date.now();
  const eve = await sfu.join('Eve', room);
  await eve.page.clickByRole('button', 'Chat');
  const five = [...mesh, eve];
  await expectChat(five, ben, 'during the switch');
  const toSfuMs = await timeUntil(
    'mesh → SFU: Eve joins → every page on the SFU only',
    joinedAt,
    async () => {
      const states = await Promise.all(five.map((p) => connectionsByPath(p.page)));
      return states.every((s) => s.mesh === 0 && s.sfu === 2);
    },
  );
  for (const person of five) expect(await mediaPath(person.page)).toBe(PATH_TEXT.sfu);
  const toSfu = await gapsOf('mesh → SFU', mesh);
  expectFramesThroughout('mesh → SFU', toSfu);
  await everyoneSeesEveryone(five);
  for (const person of five) await startGapWindow(person.page);
  await new Promise((r) => setTimeout(r, 5000));
  const baselineSfu = await gapsOf('baseline sfu', five);
  await expectChat(five, eve, 'after the switch');
  await expectChatOnce(mesh, ['before the switch', 'during the switch', 'after the switch']);
  await expectChatOnce([eve], ['during the switch', 'after the switch']);

  // Two leave; after the hold the three left go back to the mesh.
  const three = [ann, ben, chen];
  for (const person of three) await startGapWindow(person.page);
  await dee.page.clickByRole('button', 'Leave');
  // The hold starts when the server sees the 3rd-last leave, after this.
  const leftAt = Date.now();
  await eve.page.clickByRole('button', 'Leave');
  const onMesh = await timeUntil(
    'SFU → mesh: the 3rd-last leaves → back on the mesh',
    leftAt,
    async () =>
      (await Promise.all(three.map((p) => mediaPath(p.page)))).every((t) => t === PATH_TEXT.mesh),
  );
  expect(onMesh, 'the room waited for the hold').toBeGreaterThanOrEqual(SFU_HOLD_MS);
  await expectChat(three, chen, 'during the way back');
  const toMeshMs = await timeUntil('SFU → mesh: every page on the mesh only', leftAt, async () => {
    const states = await Promise.all(three.map((p) => connectionsByPath(p.page)));
    return states.every((s) => s.mesh === 2 && s.sfu === 0);
  });
  const toMesh = await gapsOf('SFU → mesh', three);
  expectFramesThroughout('SFU → mesh', toMesh);
  await everyoneSeesEveryone(three);
  await expectChat(three, ann, 'back on the mesh');
  await expectChatOnce(three, [
    'before the switch',
    'during the switch',
    'after the switch',
    'during the way back',
    'back on the mesh',
  ]);
  await writeSfuResults('switch-gaps', {
    holdMs: SFU_HOLD_MS,
    meshToSfu: { allOnSfuOnlyMs: toSfuMs, receivers: toSfu },
    sfuToMesh: { backOnMeshMs: onMesh, allOnMeshOnlyMs: toMeshMs, receivers: toMesh },
    baselines: { mesh: baselineMesh, sfu: baselineSfu },
  });
});
