import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { reportSchema, type DoctorReport } from '../../src/protocol/diagnostics/report.js';
import { expect, test, type Lab } from './lab-fixture.js';
import { recordResult } from './matrix-report.js';
import { chromiumIn } from './ns-browser.js';
import { SERVER_ADDRESS } from './lab-addresses.js';

const CONFAB_MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/**
 * Runs the real `confab doctor` with its Chromium inside `hostName`'s network namespace;
 * `timeoutS` per check (each check a firewall swallows waits that long).
 */
async function doctorIn(
  lab: Lab,
  hostName: string,
  server: string,
  timeoutS = 5,
): Promise<{ code: number; report: DoctorReport }> {
  const host = lab.host(hostName);
  const chromium = chromiumIn(host, lab.chromium);
  const args = [
    CONFAB_MAIN,
    'doctor',
    '--server',
    server,
    '--json',
    '--timeout',
    String(timeoutS),
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
    hairpin: report.hairpin.status,
    hairpinText: report.hairpin.text,
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

  test('carrier-grade NAT: STUN sees the carrier NAT, which still keeps the port', async ({
    lab,
  }) => {
    const { report } = await doctorIn(lab, 'cgn-h1', lab.services.withTurn);
    expect(report.nat.behaviour).toBe('endpoint-independent');
    // Behind two NATs, STUN sees the outer (carrier) one, not the home router's address.
    const seen = report.checks.filter((c) => c.kind === 'stun').map((c) => c.address);
    expect(seen).toContain(lab.host('cgn-h1').site.wanAddress);
    expect(report.summary.callsAcrossNetworks).toBe('will-work');
  });

  test('corporate egress (TCP 80/443 only): only TURN over TLS on 443 gets through', async ({
    lab,
  }) => {
    const { code, report } = await doctorIn(lab, 'corp-h1', lab.services.edge, 3);
    expect(status(report, 'stun')).toBe('fails');
    expect(status(report, 'turn-udp')).toBe('fails');
    expect(status(report, 'turn-tcp')).toBe('fails');
    expect(status(report, 'turns')).toBe('works');
    expect(report.checks.find((c) => c.kind === 'turns')?.relayProtocol).toBe('tls');
    expect(report.summary.sentence).toMatch(/^Calls across networks will work: TURNS relays data/);
    expect(code).toBe(0);
  });

  test('guest Wi-Fi: says the NAT does not hairpin, so devices kept apart need TURN', async ({
    lab,
  }) => {
    const { report } = await doctorIn(lab, 'guest-h1', lab.services.withTurn);
    expect(report.hairpin.status).toBe('no-hairpin');
    expect(report.hairpin.text).toContain('guest Wi-Fi');
    expect(report.summary.callsAcrossNetworks).toBe('will-work');
  });

  test('dual-stack: host candidates in both families, STUN and TURN by one name', async ({
    lab,
  }) => {
    const { report } = await doctorIn(lab, 'ds-h1', lab.services.dualStack);
    const hosts = report.gathering.candidates.filter((c) => c.type === 'host');
    expect(hosts.map((c) => c.address)).toEqual(
      expect.arrayContaining([lab.host('ds-h1').address, lab.host('ds-h1').address6]),
    );
    expect(status(report, 'stun')).toBe('works');
    expect(status(report, 'turn-udp')).toBe('works');
  });

  test('IPv6-only: no NAT, and the dual-stack TURN hands out an IPv4 relay address', async ({
    lab,
  }) => {
    const { report } = await doctorIn(lab, 'v6-h1', lab.services.dualStack);
    const hosts = report.gathering.candidates.filter((c) => c.type === 'host');
    expect(hosts.length).toBeGreaterThan(0);
    expect(hosts.every((c) => c.address.includes(':'))).toBe(true);
    expect(report.nat.behaviour).toBe('no-nat');
    const relay = report.checks.find((c) => c.kind === 'turn-udp' && c.outcome === 'works');
    expect(relay?.address).toBe(SERVER_ADDRESS);
    expect(report.summary.callsAcrossNetworks).toBe('will-work');
  });
});
