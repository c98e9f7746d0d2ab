import { expectSeesAndHears, playback } from '../app-driver.js';
import { expect, timeUntil } from './mixed-meeting.js';
import { mediaPath, PATH_TEXT, type Person } from './sfu-meeting.js';

// Whether every page of an SFU meeting plays everyone else, and what it plays when not.

/** Every page plays every other participant: a sized video whose time advances, audio flowing. */
export async function allPlaying(people: readonly Person[]): Promise<boolean> {
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
export function describePlayback(people: readonly Person[]): Promise<string[]> {
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
        // No tiles: not in the meeting (what the page says instead tells why).
        if (out.length === 0) out.push(`no tiles; page: ${document.body.innerText.slice(0, 300)}`);
        return out;
      });
      return `${person.name} (${person.page.browser}): ${tiles.join(' | ')}`;
    }),
  );
}

/** `timeUntil` every page plays everyone; on giving up, says what each page plays. */
export async function timeUntilAllPlaying(what: string, since: number, people: readonly Person[]) {
  try {
    return await timeUntil(what, since, () => allPlaying(people), 120_000);
  } catch (error) {
    for (const line of await describePlayback(people)) console.log(line);
    throw error;
  }
}

/**
 * Every page ends up playing everyone else through the SFU (its media path says so, and
 * each sees and hears all the others); resolves with the time from `since` to all playing.
 */
export async function expectAllOnTheSfu(
  what: string,
  since: number,
  people: readonly Person[],
): Promise<number> {
  const playingMs = await timeUntilAllPlaying(what, since, people);
  // Every page at once: one after another, ten CPU-starved pages take minutes to look into.
  await Promise.all(
    people.map(async (person) => {
      expect(await mediaPath(person.page), `${person.name}: media path`).toBe(PATH_TEXT.sfu);
      const others = people.filter((other) => other !== person).map((other) => other.name);
      await expectSeesAndHears(person, others, { timeoutMs: 45_000 });
    }),
  );
  return playingMs;
}
