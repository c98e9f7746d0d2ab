import { note, writeSfuResults } from './support/sfu-results.js';
import { expectAllOnTheSfu } from './support/sfu-playback.js';
import { test, type Person } from './support/sfu-meeting.js';

// Issue 13: 10 people through the web app ("Your name", "Join"), one of them in Firefox:
// the room moves to the SFU as the 5th joins, and every page ends up playing the 9 others
// (sized video whose time advances, audio flowing). A naive 10-person mesh never completes
// on 2 cores; the time from the last join to all playing goes to test-results/sfu/ten.json.
// Ten browsers decode, mix and draw nine others each on two cores (six Chromium pages alone
// use 1.9 of them, a third of that audio): smaller cameras and windows, and microphones as
// quiet as a listener's (quiet-microphone.ts; Fox's Firefox tone is the one who talks) keep
// it within reach. The media path through the SFU is the same at any size. At this load
// video arrives at a few frames a second: the test asks that it moves, bench:sfu how well.
test.use({
  quietMicrophones: true,
  camera: { width: 160, height: 120, frameRate: 15 },
  pageSize: { width: 640, height: 400 },
});

test('10 on the SFU with Firefox: every page plays the 9 others', async ({ sfu }) => {
  test.setTimeout(600_000);
  const names = ['Ann', 'Ben', 'Cat', 'Fox', 'Dee', 'Eve', 'Flo', 'Gus', 'Hal', 'Ivy'];
  const people: Person[] = [];
  for (const name of names)
    people.push(await sfu.join(name, 'ten', name === 'Fox' ? 'firefox' : 'chromium'));
  const lastJoinAt = Date.now();
  const playingMs = await expectAllOnTheSfu(
    '10 on the SFU: last join → every page plays the 9 others',
    lastJoinAt,
    people,
  );
  note('timing', `10 on the SFU: last join → all playing in ${String(playingMs)} ms`);
  await writeSfuResults('ten', {
    participants: people.map((p) => `${p.name} (${p.page.browser})`),
    lastJoinToAllPlayingMs: playingMs,
  });
});
