import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { reportSchema, type DoctorReport } from '../../src/protocol/diagnostics/report.js';
import { expect, test, type Lab } from './lab-fixture.js';
import { recordResult } from './matrix-report.js';
import { chromiumIn } from './ns-browser.js';

const CONFAB_MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** Runs the real `confab doctor` with its Chromium inside `hostName`'s network namespace. */
async function doctorIn(
  lab: Lab,
  hostName: string,
  server: string,
): Promise<{ code: number; report: DoctorReport }> {
  const host = lab.host(hostName);
  const chromium = chromiumIn(host, [lab.services.withTurn, lab.services.stunOnly]);
  const args = [
    CONFAB_MAIN,
    'doctor',
    '--server',
    server,
    '--json',
    '--timeout',
    '5',
    '--chromium',
    chromium,
  ];
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, args, { timeout: 90_000 }, (error, out) => {
      resolve({ code: typeof error?.code === 'number' ? error.code : error ? 1 : 0, stdout: out });
    });
  });
  const report = reportSchema.parse(JSON.parse(stdout));
  const verdicts = Object.fromEntries(report.verdicts.map((v) => [v.kind, v.status]));
  recordResult({
    kind: 'doctor',
    host: hostName,
    server,
    nat: report.nat.text,
    verdicts,
    summary: report.summary.sentence,
    exitCode: code,
  });
  return { code, report };
}

const status = (report: DoctorReport, kind: string) =>
  report.verdicts.find((v) => v.kind === kind)?.status;

test.describe('the connection doctor inside each site', () => {
  test('public host: no NAT, calls will work', async ({ lab }) => {
    const { code, report } = await doctorIn(lab, 'pub-h1', lab.services.withTurn);
    expect(report.nat.behaviour).toBe('no-nat');
    expect(report.summary.callsAcrossNetworks).toBe('will-work');
    expect(code).toBe(0);
  });

  test('cone NAT: the public port is kept for every destination', async ({ lab }) => {
    const { report } = await doctorIn(lab, 'cone-h1', lab.services.withTurn);
    expect(report.nat.behaviour).toBe('endpoint-independent');
    expect(status(report, 'stun')).toBe('works');
    expect(status(report, 'turn-udp')).toBe('works');
  });

  test('symmetric NAT: says calls to other networks need TURN, and fails without it', async ({
    lab,
  }) => {
    const withTurn = await doctorIn(lab, 'syma-h1', lab.services.withTurn);
    expect(withTurn.report.nat.behaviour).toBe('address-dependent');
    expect(withTurn.report.nat.text).toContain(
      'behind symmetric NAT: calls to other networks need TURN',
    );
    expect(withTurn.report.summary.callsAcrossNetworks).toBe('will-work');

    const stunOnly = await doctorIn(lab, 'syma-h1', lab.services.stunOnly);
    expect(stunOnly.report.summary.callsAcrossNetworks).toBe('will-fail');
    expect(stunOnly.report.summary.sentence).toContain('symmetric NAT');
    expect(stunOnly.code).toBe(1);
  });

  test('UDP blocked: STUN and TURN/UDP fail, TURN/TCP saves the call', async ({ lab }) => {
    const { report } = await doctorIn(lab, 'udp-h1', lab.services.withTurn);
    expect(status(report, 'turn-udp')).toBe('fails');
    expect(status(report, 'turn-tcp')).toBe('works');
    expect(report.summary.callsAcrossNetworks).toBe('will-work');
  });
});
