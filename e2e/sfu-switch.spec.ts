import { expectSeesAndHears } from './app-driver.js';
import { chatMessages, sendChat, timeUntil } from './support/mixed-meeting.js';
import { endGapWindow, startGapWindow, type MediaGap } from './support/media-gaps.js';
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
// leave until 3 remain and after the hold the room is a mesh again. In every page that was
// there before a switch, no other participant's audio stops for 1 s or more and no video
// freezes for 2 s or more (measured in the page, every frame and every 50 ms). Chat works
// before, during and after each switch.

const AUDIO_GAP_LIMIT_MS = 1000;
const VIDEO_GAP_LIMIT_MS = 2000;

/** Each page's gaps, printed and kept as annotations: the figures the issue asks for. */
async function gapsOf(switchName: string, people: readonly Person[]): Promise<MediaGap[]> {
  const all: MediaGap[] = [];
  const staying = new Set(people.map((p) => p.name));
  for (const person of people) {
    // Who left meanwhile has nothing to measure.
    const gaps = (await endGapWindow(person.page)).filter((g) => staying.has(g.name));
    for (const gap of gaps) {
      const line = `${switchName}: ${person.name} ← ${gap.name}: audio gap ${String(gap.audioGapMs)} ms, video gap ${String(gap.videoGapMs)} ms (${String(gap.videoFrames)} frames; sampler stall ${String(gap.samplerStallMs)} ms; audio swaps ${String(gap.audioSwaps)})`;
      console.log(line);
      test.info().annotations.push({ type: 'gap', description: line });
    }
    all.push(...gaps);
  }
  const worst = (key: 'audioGapMs' | 'videoGapMs') => Math.max(...all.map((g) => g[key]));
  const summary = `${switchName}: worst audio gap ${String(worst('audioGapMs'))} ms, worst video gap ${String(worst('videoGapMs'))} ms over ${String(all.length)} receiver pairs`;
  console.log(summary);
  test.info().annotations.push({ type: 'gap', description: summary });
  return all;
}

function expectGapsWithinLimits(gaps: readonly MediaGap[]): void {
  for (const gap of gaps) {
    expect(gap.videoFrames, `${gap.name}: frames in the window`).toBeGreaterThan(0);
    expect(gap.audioGapMs, `${gap.name}: longest audio gap`).toBeLessThan(AUDIO_GAP_LIMIT_MS);
    expect(gap.videoGapMs, `${gap.name}: longest video freeze`).toBeLessThan(VIDEO_GAP_LIMIT_MS);
  }
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
  for (const person of people)
    await expect
      .poll(() => chatMessages(person.page), { message: `${person.name} reads "${text}"` })
      .toContain(`${person === from ? 'You' : from.name}: ${text}`);
}

test('4-person mesh → a 5th joins → SFU → 3 remain → mesh again: make before break, chat throughout', async ({
  sfu,
}) => {
  test.setTimeout(150_000);
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

  for (const person of mesh) await startGapWindow(person.page);
  await new Promise((r) => setTimeout(r, 5000));
  await gapsOf('baseline mesh', mesh);
  // The 5th joins: the room moves to the SFU while the mesh still carries everything.
  for (const person of mesh) await startGapWindow(person.page);
  const joinedAt = Date.now();
  const eve = await sfu.join('Eve', room);
  await eve.page.clickByRole('button', 'Chat');
  const five = [...mesh, eve];
  await expectChat(five, ben, 'during the switch');
  await timeUntil('mesh → SFU: Eve joins → every page on the SFU only', joinedAt, async () => {
    const states = await Promise.all(five.map((p) => connectionsByPath(p.page)));
    return states.every((s) => s.mesh === 0 && s.sfu === 2);
  });
  for (const person of five) expect(await mediaPath(person.page)).toBe(PATH_TEXT.sfu);
  await gapsOf('mesh → SFU', mesh);
  await everyoneSeesEveryone(five);
  for (const person of five) await startGapWindow(person.page);
  await new Promise((r) => setTimeout(r, 5000));
  await gapsOf('baseline sfu', five);
  await expectChat(five, eve, 'after the switch');

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
  await timeUntil('SFU → mesh: every page on the mesh only', leftAt, async () => {
    const states = await Promise.all(three.map((p) => connectionsByPath(p.page)));
    console.log(JSON.stringify(states));
    return states.every((s) => s.mesh === 2 && s.sfu === 0);
  });
  expectGapsWithinLimits(await gapsOf('SFU → mesh', three));
  await everyoneSeesEveryone(three);
  await expectChat(three, ann, 'back on the mesh');
});
