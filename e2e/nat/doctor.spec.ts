import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { reportSchema, type DoctorReport } from '../../src/protocol/diagnostics/report.js';
import { expect, test, type Lab } from './lab-fixture.js';
import { recordResult } from './matrix-report.js';
import { chromiumIn } from './ns-browser.js';
import { SERVER_ADDRESS } from './lab-addresses.js';

/** The nft table this spec adds to a host's namespace (a name no other test uses). */
const UPLINK_TABLE = 'netmsg_uplink';

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
  /** A row of the NAT matrix (docs/nat-matrix.md); false for a host's network made worse. */
  record = true,
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
  if (!record) return { code, report };
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

  test('narrow uplink (nftables polices 0.4 Mbit/s to the server): the upload is too slow for video', async ({
    lab,
  }) => {
    const host = lab.host('pub-h1');
    // Our own table in the host's namespace: only what it sends to the server is policed.
    await host.ns.nft(
      [
        `table inet ${UPLINK_TABLE} {`,
        '  chain out {',
        '    type filter hook output priority 0; policy accept;',
        `    ip daddr ${SERVER_ADDRESS} limit rate over 50000 bytes/second drop`,
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    try {
      const { report } = await doctorIn(lab, 'pub-h1', lab.services.withTurn, 5, false);
      console.log(JSON.stringify(report.upload));
      expect(status(report, 'turn-udp')).toBe('works');
      expect(report.upload).toMatchObject({ status: 'reduced', fullVideoUpTo: 1 });
      expect(report.upload.mbps).toBeLessThanOrEqual(0.45);
      expect(report.upload.text).toMatch(/is too slow for a 2-person meeting: video will/);
    } finally {
      await host.ns.nft(`delete table inet ${UPLINK_TABLE}\n`);
    }
  });
});
