// The connection doctor (/doctor) in Firefox against a real coturn: it gathers candidates
// and shows a verdict for STUN, TURN/UDP and TURN/TCP. (TURNS is left out: Firefox checks the
// TURN server's certificate, and the lab's self-signed one is not in its profile.)
import { startConfab } from './fixtures.js';
import { expect, test } from './support/mixed-meeting.js';
import { startTurnLab } from './support/turn-lab.js';

const SECRET = 'firefox-doctor-secret';

interface Report {
  verdicts: { kind: string; status: string }[];
  checks: { kind: string; localCandidateType: string | null; relayProtocol: string | null }[];
  gathering: { candidates: { type: string }[] };
}

test('the doctor in Firefox: candidates gathered, STUN, TURN/UDP and TURN/TCP work', async ({
  open,
}) => {
  const lab = await startTurnLab(SECRET);
  const confab = await startConfab({
    turnUrls: [lab.urls.udp, lab.urls.tcp],
    stunUrls: [lab.urls.stun],
    turnSecret: SECRET,
  });
  try {
    const firefox = await open('firefox', 'Doctor');
    await firefox.goto(`${confab.url}/doctor`);
    await firefox.waitForFunction(() => document.body.dataset['ready'] === 'true', null);
    const report = await firefox.evaluate(
      (timeoutMs) =>
        (
          window as unknown as { confabDoctor: { run(o: object): Promise<Report> } }
        ).confabDoctor.run({ timeoutMs }),
      15_000,
    );
    expect(report.verdicts.map((v) => [v.kind, v.status])).toEqual([
      ['stun', 'works'],
      ['turn-udp', 'works'],
      ['turn-tcp', 'works'],
      ['turns', 'not-configured'],
    ]);
    expect(
      report.checks
        .filter((c) => c.kind !== 'stun')
        .map((c) => [c.localCandidateType, c.relayProtocol]),
    ).toEqual([
      ['relay', 'udp'],
      ['relay', 'tcp'],
    ]);
    expect(new Set(report.gathering.candidates.map((c) => c.type))).toEqual(
      new Set(['host', 'srflx', 'relay']),
    );
    // What the page shows: one verdict row per kind, the candidates it gathered.
    const shown = await firefox.evaluate(() => ({
      verdicts: [...document.querySelectorAll('#verdicts tbody tr')].map(
        (row) => `${row.getAttribute('data-kind') ?? ''}: ${row.textContent}`,
      ),
      relayRows: document.querySelectorAll('#candidates tbody tr[data-type="relay"]').length,
      state: document.body.dataset['state'],
    }));
    expect(shown.verdicts.slice(0, 3)).toEqual([
      expect.stringMatching(/^stun: .*works/),
      expect.stringMatching(/^turn-udp: .*works/),
      expect.stringMatching(/^turn-tcp: .*works/),
    ]);
    expect(shown.relayRows).toBeGreaterThan(0);
  } finally {
    await confab.server.close();
    await lab.stop();
  }
});
