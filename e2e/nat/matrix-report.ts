// Collects the lab's results (one JSON line per call, so a restarted worker loses nothing)
// and writes them as docs/nat-matrix.md and docs/nat-matrix.json.
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallResult, PairView, Path } from './call.js';
import { HAIRPIN_TEXTS } from '../../src/protocol/diagnostics/verdicts.js';
import { SITES } from './lab-sites.js';
import { SITE_KINDS } from './topology.js';

const RESULTS = fileURLToPath(new URL('../../test-results/nat/calls.jsonl', import.meta.url));
const DOC = fileURLToPath(new URL('../../docs/nat-matrix.md', import.meta.url));
const JSON_DOC = fileURLToPath(new URL('../../docs/nat-matrix.json', import.meta.url));

/** `confab doctor --json` run inside one host's namespace. */
export interface DoctorResult {
  readonly kind: 'doctor';
  readonly host: string;
  readonly server: string;
  readonly nat: string;
  /** The hairpin check's status (its sentence is `hairpinText`). */
  readonly hairpin: string;
  readonly hairpinText: string;
  readonly verdicts: Readonly<Record<string, string>>;
  readonly summary: string;
  readonly exitCode: number;
}

export interface ExtraResult {
  readonly kind: 'network-change' | 'badge' | 'turns-certificate';
  readonly [key: string]: unknown;
}

type LabResult = CallResult | DoctorResult | ExtraResult;

export function resetResults(): void {
  rmSync(RESULTS, { force: true });
  mkdirSync(dirname(RESULTS), { recursive: true });
}

export function recordResult(result: LabResult): void {
  console.log(`nat-lab: ${JSON.stringify(result)}`);
  mkdirSync(dirname(RESULTS), { recursive: true });
  appendFileSync(RESULTS, `${JSON.stringify(result)}\n`);
}

function readResults(): LabResult[] {
  if (!existsSync(RESULTS)) return [];
  return readFileSync(RESULTS, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LabResult);
}

const PATHS: Readonly<Record<Path, string>> = {
  host: 'direct, host ↔ host',
  reflexive: 'direct through NAT (srflx/prflx)',
  relay: 'relayed (TURN)',
  fails: 'no connection',
};

const pair = (v: PairView | null): string =>
  v === null
    ? '–'
    : `${v.local} → ${v.remote} (${v.protocol}${v.family === null ? '' : `, ${v.family}`}${
        v.relayProtocol ? `, TURN over ${v.relayProtocol}` : ''
      })`;

function callRow(c: CallResult): string {
  const expected = [
    c.expected.map((p) => PATHS[p]).join(' or '),
    ...(c.expectedFamily === null ? [] : [c.expectedFamily]),
    ...(c.expectedRelayProtocol === null ? [] : [`a: TURN over ${c.expectedRelayProtocol}`]),
  ].join(', ');
  const asExpected = c.expected.includes(c.measured);
  const measured = `${asExpected ? '' : '**unexpected:** '}${PATHS[c.measured]}`;
  const time =
    c.connectMs !== null
      ? String(c.connectMs)
      : c.gaveUp === 'ice-failed'
        ? `– (ICE failed after ${String(c.failedAfterMs)})`
        : c.gaveUp === 'no-candidate-pairs'
          ? `– (no candidate pair to try; seen after ${String(c.failedAfterMs)})`
          : '– (no outcome in 25 s)';
  const media = c.connected ? (c.mediaFlows ? 'yes' : 'no') : '–';
  return `| ${c.pairing} | ${c.turn ? 'yes' : 'no'} | ${expected} | ${measured} | ${time} | ${media} | ${pair(c.fromA)} | ${pair(c.fromB)} |`;
}

function doctorRow(d: DoctorResult): string {
  const v = (kind: string): string => d.verdicts[kind] ?? '?';
  return `| ${d.host} | ${d.server} | ${d.nat} | ${d.hairpin} | ${v('stun')} | ${v('turn-udp')} | ${v('turn-tcp')} | ${v('turns')} | ${d.summary} | ${String(d.exitCode)} |`;
}

const siteRows = SITES.map(
  (s) => `| ${s.name} | ${SITE_KINDS[s.kind]} | ${String(s.hosts)} |`,
).join('\n');

export function writeMatrix(): void {
  const results = readResults();
  const calls = results.filter((r): r is CallResult => !('kind' in r));
  const doctors = results.filter((r): r is DoctorResult => 'kind' in r && r.kind === 'doctor');
  const extras = results.filter((r): r is ExtraResult => 'kind' in r && r.kind !== 'doctor');
  if (calls.length === 0) return;
  const extraLines = extras.map(
    (e) =>
      `- ${e.kind}: ${JSON.stringify(Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'kind')))}`,
  );
  writeFileSync(
    DOC,
    `# NAT lab matrix

Written by \`npm run test:nat\` (e2e/nat/) on ${new Date().toISOString().slice(0, 10)}; every row
was measured in that run. Headless Chromium instances, each inside its own network namespace
behind nftables routers, call each other through the real client library and confab servers
on a simulated internet (198.18.0.0/24 and 2001:db8::/64; sites use 198.19.0.0/16,
2001:db8:<site>::/64 and 3fff:<site>::/64); coturn there provides STUN and TURN. "Expected"
is the path the lab asserts; "selected pair" is the candidate pair from \`getStats()\` as seen
by each side (local → remote, protocol, address family of the local candidate). Connect time
is the newcomer's time from joining to \`connected\` (or until ICE gave up), in ms.

## Sites

| site | what it is | hosts |
|---|---|---|
${siteRows}

The corporate site reaches only the edge server (198.18.0.11, \`edge.nat-lab.test\`):
\`confab serve --with-turn\` on port 80 with TURN over TLS on 443, whose certificate is issued by
the lab's own CA; the lab's Chromium trusts that CA through the NSS database in its home
directory and checks the certificate as usual. The edge coturn has the production deny list,
which covers the lab's simulated internet (benchmarking space), so both ends of a call through
it relay (relay-to-relay is what \`allowed-peer-ip\` permits). IPv6 calls use the dual-stack
servers by host name (\`turn.nat-lab.test\`, A and AAAA): the IPv6-only host reaches coturn
over IPv6 and gets an IPv4 relay address (coturn's default), which is how it meets IPv4-only
hosts.

## Calls

| pairing | TURN | expected | measured | connect ms | media | selected pair (a) | selected pair (b) |
|---|---|---|---|---|---|---|---|
${calls.map(callRow).join('\n')}

## The connection doctor inside each site

\`confab doctor --json\` with its Chromium inside the host's namespace. Hairpin: \`no-hairpin\`
reads "${HAIRPIN_TEXTS.none}".

| host | server | NAT | hairpin | STUN | TURN/UDP | TURN/TCP | TURNS | summary | exit |
|---|---|---|---|---|---|---|---|---|---|
${doctors.map(doctorRow).join('\n')}
${extraLines.length > 0 ? `\n## Other checks\n\n${extraLines.join('\n')}\n` : ''}`,
  );
  writeFileSync(JSON_DOC, `${JSON.stringify(results, null, 2)}\n`);
}
