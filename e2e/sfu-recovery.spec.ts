import { expectSeesAndHears, playback } from './app-driver.js';
import { chatMessages, sendChat, timeUntil } from './support/mixed-meeting.js';
import { note, writeSfuResults } from './support/sfu-results.js';
import {
  expect,
  MEDIA_SERVER_LOST,
  mediaPath,
  PATH_TEXT,
  test,
  type Person,
} from './support/sfu-meeting.js';

// Issue 13: a 6-person meeting on the SFU with a Firefox participant (Chromium ↔ Firefox
// through Janus), every page playing the 5 others' video and audio. Then the server's Janus
// is killed with SIGKILL: the server notices, restarts it, moves the room (6 > mesh-max) to a
// new Janus room (reason sfu-restored, a new epoch); every page shows the banner and
// re-publishes by itself, and media flows again. The time from the kill to every page
// playing everyone again goes to test-results/sfu/janus-kill.json (a figure, not asserted).

/** Records every banner the page shows from now on (they can come and go between polls). */
function recordBanners(person: Person): Promise<void> {
  return person.page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { confabBannersSeen: string[] }).confabBannersSeen = seen;
    new MutationObserver(() => {
      for (const banner of document.querySelectorAll('.banner')) {
        const text = banner.textContent;
        if (!seen.includes(text)) seen.push(text);
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}

function bannersSeen(person: Person): Promise<string[]> {
  return person.page.evaluate(
    () => (window as unknown as { confabBannersSeen?: string[] }).confabBannersSeen ?? [],
  );
}

/** Every page plays every other participant: a sized video whose time advances, audio flowing. */
async function allPlaying(people: readonly Person[]): Promise<boolean> {
  const before = await Promise.all(people.map((p) => playback(p.page)));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const after = await Promise.all(people.map((p) => playback(p.page)));
  return after.every((tiles, i) => {
    const first = before[i] ?? [];
    return (
      tiles.length === people.length - 1 &&
      tiles.every((tile) => {
        const earlier = first.find((f) => f.name === tile.name);
        return (
          tile.videoWidth > 0 &&
          tile.audioFlowing &&
          earlier !== undefined &&
          tile.videoTime > earlier.videoTime
        );
      })
    );
  });
}

/** What each page plays (printed when a wait gives up): enough to tell why a video stands still. */
function describePlayback(people: readonly Person[]): Promise<string[]> {
  return Promise.all(
    people.map(async (person) => {
      const tiles = await person.page.evaluate(async () => {
        const out: string[] = [];
        for (const tile of document.querySelectorAll<HTMLElement>('[data-source="camera"]')) {
          const video = tile.querySelector('video');
          const stream = video?.srcObject instanceof MediaStream ? video.srcObject : null;
          const track = stream?.getVideoTracks()[0];
          let decoded = 'no receiver';
          for (const pc of window.confabTestPeerConnections ?? []) {
            const receiver = pc.getReceivers().find((r) => r.track === track);
            if (receiver === undefined) continue;
            const stats = await receiver.getStats();
            stats.forEach(
              (s: { type: string; framesDecoded?: number; packetsReceived?: number }) => {
                if (s.type === 'inbound-rtp')
                  decoded = `decoded ${String(s.framesDecoded)} packets ${String(s.packetsReceived)} pc ${pc.connectionState}`;
              },
            );
          }
          out.push(
            `${tile.getAttribute('aria-label') ?? ''}: ${tile.dataset['connectionState'] ?? ''} ${String(video?.videoWidth)}px t=${String(video?.currentTime.toFixed(1))} paused=${String(video?.paused)} ready=${String(video?.readyState)} track=${String(track?.readyState)}/${track?.muted === true ? 'muted' : 'unmuted'} ${decoded}`,
          );
        }
        return out;
      });
      return `${person.name} (${person.page.browser}): ${tiles.join(' | ')}`;
    }),
  );
}

/** `timeUntil` every page plays everyone; on giving up, says what each page plays. */
async function timeUntilAllPlaying(what: string, since: number, people: readonly Person[]) {
  try {
    return await timeUntil(what, since, () => allPlaying(people), 60_000);
  } catch (error) {
    for (const line of await describePlayback(people)) console.log(line);
    throw error;
  }
}

test('6 on the SFU with Firefox: all play 5 videos; Janus SIGKILLed → restarted, media back', async ({
  sfu,
}) => {
  test.setTimeout(150_000);
  const room = 'janus-dies';
  const people: Person[] = [];
  const joinedAt = Date.now();
  for (const [name, browser] of [
    ['Ann', 'chromium'],
    ['Ben', 'chromium'],
    ['Fox', 'firefox'],
    ['Dee', 'chromium'],
    ['Eve', 'chromium'],
    ['Flo', 'chromium'],
  ] as const) {
    const person = await sfu.join(name, room, browser);
    await person.page.clickByRole('button', 'Chat');
    people.push(person);
  }
  const playingMs = await timeUntilAllPlaying(
    '6 on the SFU: first join → every page plays the 5 others',
    joinedAt,
    people,
  );
  for (const person of people) {
    expect(await mediaPath(person.page), `${person.name}: media path`).toBe(PATH_TEXT.sfu);
    await expectSeesAndHears(
      person,
      people.filter((other) => other !== person).map((other) => other.name),
    );
  }
  const pidBefore = sfu.confab.server.sfu?.pool.local?.process?.pid;
  for (const person of people) await recordBanners(person);

  const pid = sfu.janusPid();
  const killedAt = Date.now();
  process.kill(pid, 'SIGKILL');
  for (const person of people)
    await expect
      .poll(() => bannersSeen(person), { message: `${person.name}: the banner` })
      .toContain(MEDIA_SERVER_LOST);
  const recoveredMs = await timeUntilAllPlaying(
    'Janus SIGKILL → every page plays the 5 others again',
    killedAt,
    people,
  );
  const restarted = sfu.confab.server.sfu?.pool.local?.process?.pid;
  expect(restarted, 'a new Janus process').toBeDefined();
  expect(restarted).not.toBe(pidBefore);
  for (const person of people) {
    expect(await mediaPath(person.page), `${person.name}: media path`).toBe(PATH_TEXT.sfu);
    await expect
      .poll(
        async () => await person.page.evaluate(() => document.querySelector('.banner') === null),
        {
          message: `${person.name}: the banner is gone`,
        },
      )
      .toBe(true);
  }
  // Chat went on through the server all along; once more after the recovery, exactly once.
  const [ann, fox] = [people[0], people[2]];
  if (ann === undefined || fox === undefined) throw new Error('unreachable');
  await sendChat(fox.page, 'after the media server came back');
  for (const person of people)
    await expect
      .poll(
        async () =>
          (await chatMessages(person.page)).filter((m) =>
            m.endsWith(': after the media server came back'),
          ).length,
        { message: `${person.name} reads it once` },
      )
      .toBe(1);
  note('timing', `Janus killed → media back on every page: ${String(recoveredMs)} ms`);
  await writeSfuResults('janus-kill', {
    participants: people.map((p) => `${p.name} (${p.page.browser})`),
    firstJoinToAllPlayingMs: playingMs,
    killToAllPlayingAgainMs: recoveredMs,
  });
});
