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
import type { CallResult, PairView } from './call.js';

const RESULTS = fileURLToPath(new URL('../../test-results/nat/calls.jsonl', import.meta.url));
const DOC = fileURLToPath(new URL('../../docs/nat-matrix.md', import.meta.url));
const JSON_DOC = fileURLToPath(new URL('../../docs/nat-matrix.json', import.meta.url));

export interface ExtraResult {
  readonly kind: 'network-change' | 'doctor' | 'badge';
  readonly [key: string]: unknown;
}

export function resetResults(): void {
  rmSync(RESULTS, { force: true });
  mkdirSync(dirname(RESULTS), { recursive: true });
}

export function recordResult(result: CallResult | ExtraResult): void {
  console.log(`nat-lab: ${JSON.stringify(result)}`);
  mkdirSync(dirname(RESULTS), { recursive: true });
  appendFileSync(RESULTS, `${JSON.stringify(result)}\n`);
}

function readResults(): (CallResult | ExtraResult)[] {
  if (!existsSync(RESULTS)) return [];
  return readFileSync(RESULTS, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as CallResult | ExtraResult);
}

const pair = (v: PairView | null): string =>
  v === null
    ? '–'
    : `${v.local} → ${v.remote} (${v.protocol}${v.relayProtocol ? `, TURN over ${v.relayProtocol}` : ''})`;

export function writeMatrix(): void {
  const results = readResults();
  const calls = results.filter((r): r is CallResult => !('kind' in r));
  const extras = results.filter((r): r is ExtraResult => 'kind' in r);
  if (calls.length === 0) return;
  const rows = calls.map(
    (c) =>
      `| ${c.pairing} | ${c.turn ? 'yes' : 'no'} | ${c.connected ? 'connected' : '**failed**'} | ${
        c.connectMs === null ? '–' : String(c.connectMs)
      } | ${c.connected ? (c.mediaFlows ? 'yes' : 'no') : '–'} | ${pair(c.fromA)} | ${pair(c.fromB)} |`,
  );
  const extraLines = extras.map(
    (e) =>
      `- ${e.kind}: ${JSON.stringify(Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'kind')))}`,
  );
  writeFileSync(
    DOC,
    `# NAT lab matrix

Written by \`npm run test:nat\` (e2e/nat/) on ${new Date().toISOString().slice(0, 10)}. Two headless Chromium
instances, each inside its own network namespace behind an nftables NAT router, call each
other through the real client library and a confab server on a simulated public network
(198.18.0.0/24); coturn there provides STUN and TURN (UDP and TCP). "Selected pair" is the
candidate pair from \`getStats()\` as seen by each side (local → remote). Connect time is the
newcomer's time from joining to \`connected\`.

Sites: **public** (no NAT), **cone** (endpoint-independent mapping, port-restricted filtering:
\`masquerade\`), **symmetric** (a new port per destination: \`masquerade random\`),
**UDP-blocked** (cone NAT that drops all outbound UDP).

| pairing | TURN | result | connect ms | media | selected pair (a) | selected pair (b) |
|---|---|---|---|---|---|---|
${rows.join('\n')}
${extraLines.length > 0 ? `\n## Other checks\n\n${extraLines.join('\n')}\n` : ''}`,
  );
  writeFileSync(JSON_DOC, `${JSON.stringify(results, null, 2)}\n`);
}
