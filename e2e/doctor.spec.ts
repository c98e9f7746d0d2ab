import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { mintTurnCredentials } from '../src/server/turn-credentials.js';
import { expect, startConfab, test, type ConfabFixture } from './fixtures.js';
import { startCoturn } from '../src/server/test-support/coturn.js';
import { PacedProxy } from './support/paced-proxy.js';
import { startTurnLab, TURN_TEST_LAUNCH, type TurnLab } from './support/turn-lab.js';

const SECRET = 'doctor-e2e-secret';

interface Report {
  summary: { callsAcrossNetworks: string; sentence: string };
  verdicts: { kind: string; status: string; text: string }[];
  checks: {
    kind: string;
    outcome: string;
    localCandidateType: string | null;
    remoteCandidateType: string | null;
    relayProtocol: string | null;
    rttMs: number | null;
    throughputMbps: number | null;
    connectMs: number | null;
    errors: { errorCode: number; explanation: string }[];
  }[];
  gathering: { candidates: { type: string }[] };
  upload: { status: string; mbps: number | null; fullVideoUpTo: number | null; text: string };
}

test.use({ launchOptions: TURN_TEST_LAUNCH });

let lab: TurnLab;
test.beforeAll(async () => {
  lab = await startTurnLab(SECRET);
});
test.afterAll(async () => {
  await lab.stop();
});

async function doctorAgainst(secret: string, lab: TurnLab): Promise<ConfabFixture> {
  return startConfab({
    turnUrls: [lab.urls.udp, lab.urls.tcp, lab.urls.turns],
    stunUrls: [lab.urls.stun],
    turnSecret: secret,
  });
}

async function runDoctor(page: Page, url: string, timeoutMs: number): Promise<Report> {
  await page.goto(`${url}/doctor`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  return page.evaluate(
    (timeout) =>
      (window as unknown as { confabDoctor: { run(o: object): Promise<Report> } }).confabDoctor.run(
        {
          timeoutMs: timeout,
        },
      ),
    timeoutMs,
  );
}

test('against a real coturn every verdict is "works" and the downloaded report holds no credential', async ({
  page,
}) => {
  const confab = await doctorAgainst(SECRET, lab);
  try {
    // The page shows the server's start-up self-test: let it finish first.
    await confab.server.turnSelfTest;
    const issued: string[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/api/ice-servers')) {
        void response
          .json()
          .then((body: { iceServers: { username?: string; credential?: string }[] }) => {
            for (const s of body.iceServers)
              issued.push(
                ...[s.username, s.credential].filter((v): v is string => v !== undefined),
              );
          });
      }
    });
    const report = await runDoctor(page, confab.url, 15_000);
    console.log(
      JSON.stringify(
        report.checks.map(({ kind, connectMs, rttMs, throughputMbps, relayProtocol }) => ({
          kind,
          connectMs,
          rttMs,
          throughputMbps,
          relayProtocol,
        })),
      ),
    );
    expect(report.verdicts.map((v) => [v.kind, v.status])).toEqual([
      ['stun', 'works'],
      ['turn-udp', 'works'],
      ['turn-tcp', 'works'],
      ['turns', 'works'],
    ]);
    for (const check of report.checks.filter((c) => c.kind !== 'stun')) {
      expect(check).toMatchObject({
        outcome: 'works',
        localCandidateType: 'relay',
        remoteCandidateType: 'relay',
      });
      expect(check.rttMs).toBeGreaterThan(0);
      expect(check.throughputMbps).toBeGreaterThan(0);
    }
    expect(report.checks.map((c) => c.relayProtocol)).toEqual([null, 'udp', 'tcp', 'tls']);
    expect(report.summary).toMatchObject({ callsAcrossNetworks: 'will-work' });
    expect(report.summary.sentence).toMatch(
      /^Calls across networks will work: TURN\/UDP relays data, RTT [\d.]+ ms/,
    );
    await expect(page.locator('#summary')).toHaveText(report.summary.sentence);
    // The upload verdict speaks of the fastest relay's throughput.
    const fastest = Math.max(...report.checks.map((c) => c.throughputMbps ?? 0));
    expect(report.upload.mbps).toBe(fastest);
    expect(report.upload.text).toMatch(/^your upload \([\d.]+ Mbit\/s\) /);
    await expect(page.locator('#upload')).toHaveText(/^Your upload \([\d.]+ Mbit\/s\) /);
    await expect(page.locator('#verdicts tbody tr')).toHaveCount(4);
    await expect(page.locator('#self-test')).toContainText(`${lab.urls.udp} works`);
    await expect(page.locator('#candidates tbody tr[data-type="relay"]').first()).toBeVisible();

    const downloading = page.waitForEvent('download');
    await page.locator('#download').click();
    const file = await (await downloading).path();
    const json = await readFile(file, 'utf8');
    expect(issued.length).toBeGreaterThanOrEqual(2);
    for (const secret of [SECRET, ...issued]) expect(json).not.toContain(secret);
    expect(json).toContain('"credential": "[redacted]"');
  } finally {
    await confab.server.close();
  }
});

test('with a wrong TURN secret the TURN verdicts fail with the 401 explanation', async ({
  page,
}) => {
  const confab = await doctorAgainst('not-the-coturn-secret', lab);
  try {
    const report = await runDoctor(page, confab.url, 8000);
    expect(report.verdicts.find((v) => v.kind === 'stun')?.status).toBe('works');
    for (const kind of ['turn-udp', 'turn-tcp', 'turns']) {
      const verdict = report.verdicts.find((v) => v.kind === kind);
      expect(verdict?.text, kind).toMatch(/^fails: the server refused the credentials \(401\)/);
    }
    expect(report.summary.callsAcrossNetworks).toBe('may-fail');
    await expect(page.locator('#errors tbody')).toContainText('401');
  } finally {
    await confab.server.close();
  }
});

test('with coturn stopped TURN fails with the 701 explanation', async ({ page }) => {
  const stopped = await startTurnLab(SECRET);
  await stopped.stop();
  const confab = await doctorAgainst(SECRET, stopped);
  try {
    const report = await runDoctor(page, confab.url, 4000);
    for (const kind of ['stun', 'turn-udp', 'turn-tcp', 'turns']) {
      const verdict = report.verdicts.find((v) => v.kind === kind);
      expect(verdict?.text, kind).toMatch(
        /^fails: .*could not be reached or did not answer in time \(701\)/,
      );
    }
    expect(report.summary.callsAcrossNetworks).toBe('will-fail');
  } finally {
    await confab.server.close();
  }
});

test('typed-in servers (stored in this browser only) are checked with the relay policy', async ({
  page,
}) => {
  const confab = await startConfab();
  try {
    const turn = mintTurnCredentials(SECRET, 'typed-in', 600, Date.now());
    await page.goto(`${confab.url}/doctor`);
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
    await page.getByLabel('Typed in').check();
    await page.getByLabel('Server URL', { exact: true }).fill(lab.urls.udp);
    await page.getByLabel('TURN username', { exact: true }).fill(turn.username);
    await page.getByLabel('TURN credential', { exact: true }).fill(turn.credential);
    await page.getByLabel('Gathering policy').selectOption('relay');
    await page.getByLabel('Timeout per check').fill('8');
    await page.getByRole('button', { name: 'Run checks' }).click();
    await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
    await expect(page.locator('#summary')).toHaveText(
      /^Calls across networks will work: TURN\/UDP relays data/,
    );
    await expect(page.locator('#verdicts tr[data-kind="turn-udp"]')).toContainText('works');
    await expect(page.locator('#verdicts tr[data-kind="stun"]')).toContainText('not configured');
    const types = await page
      .locator('#candidates tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')));
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set(['relay']));
    await page.reload();
    await page.getByLabel('Typed in').check();
    await expect(page.getByLabel('Server URL', { exact: true })).toHaveValue(lab.urls.udp);
    await expect(page.getByLabel('TURN credential', { exact: true })).toHaveValue(turn.credential);
  } finally {
    await confab.server.close();
  }
});

test('a coturn without allowed-peer-ip for its own address: relay candidates, but no data flows', async ({
  page,
}) => {
  const strict = await startCoturn({
    secret: SECRET,
    host: lab.ip,
    denyPrivatePeers: true,
    allowRelayToRelay: false,
  });
  const confab = await startConfab({
    turnUrls: [`turn:${lab.ip}:${String(strict.port)}?transport=udp`],
    turnSecret: SECRET,
  });
  try {
    const report = await runDoctor(page, confab.url, 5000);
    expect(report.verdicts.find((v) => v.kind === 'turn-udp')?.text).toMatch(
      /^fails: relay candidates were allocated but no data flowed .*allowed-peer-ip/,
    );
    expect(report.summary.callsAcrossNetworks).toBe('will-fail');
  } finally {
    await confab.server.close();
    await strict.stop();
  }
});

test('behind a narrow uplink (TURN over TCP through a 0.4 Mbit/s link) the doctor says video will be reduced', async ({
  page,
}) => {
  // 50 000 bytes/s each way: what the senders of a 2-person mesh need (1.5 Mbit/s) does not fit.
  const link = await PacedProxy.start(
    { host: lab.ip, port: lab.turn.port },
    { host: lab.ip, bytesPerSecond: 50_000 },
  );
  const confab = await startConfab({
    turnUrls: [`turn:${lab.ip}:${String(link.port)}?transport=tcp`],
    turnSecret: SECRET,
  });
  try {
    const report = await runDoctor(page, confab.url, 10_000);
    console.log(JSON.stringify(report.upload));
    expect(report.verdicts.find((v) => v.kind === 'turn-tcp')?.status).toBe('works');
    expect(report.upload).toMatchObject({ status: 'reduced', fullVideoUpTo: 1 });
    expect(report.upload.mbps).toBeLessThanOrEqual(0.45);
    expect(report.upload.text).toMatch(
      /^your upload \(0\.\d\d Mbit\/s\) is too slow for a 2-person meeting: video will be reduced; audio stays clear$/,
    );
    await expect(page.locator('#upload')).toHaveText(
      /^Your upload \(0\.\d\d Mbit\/s\) is too slow/,
    );
  } finally {
    await confab.server.close();
    await link.close();
  }
});
