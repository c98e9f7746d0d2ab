// A bad network for one participant, made with nftables (no tc netem): random drop of its
// outgoing UDP packets, or its uplink policed to a rate. Every benchmark participant is on
// 127.0.0.1 in the bench's private namespace, so the participant is told apart by the UDP
// ports its connections send from; one rule matches them all, so one policer is its uplink.
import { execFileSync } from 'node:child_process';

/** Our table (a unique prefix: other tasks' tables on a shared machine are left alone). */
const TABLE = 'lsy_bench';

export type Impairment =
  | { readonly kind: 'clean' }
  | { readonly kind: 'loss'; readonly percent: number }
  | { readonly kind: 'police'; readonly kbitPerSecond: number };

export function describe(impairment: Impairment): string {
  switch (impairment.kind) {
    case 'clean':
      return 'clean';
    case 'loss':
      return `${String(impairment.percent)} % UDP loss`;
    case 'police':
      return impairment.kbitPerSecond >= 1000
        ? `uplink ${String(impairment.kbitPerSecond / 1000)} Mbit/s`
        : `uplink ${String(impairment.kbitPerSecond)} kbit/s`;
  }
}

/** The nft statement that impairs packets sent from `ports`; null for a clean network. */
export function ruleFor(impairment: Impairment, ports: readonly number[]): string | null {
  if (ports.length === 0) throw new Error('no ports to impair: the participant has no UDP pair');
  const match = `udp sport { ${ports.join(', ')} }`;
  switch (impairment.kind) {
    case 'clean':
      return null;
    case 'loss':
      return `${match} numgen random mod 100 < ${String(impairment.percent)} counter drop`;
    case 'police':
      // Bytes per second (nft's kbytes are 1024 bytes): 1 Mbit/s = 125000 bytes/second.
      return `${match} limit rate over ${String(impairment.kbitPerSecond * 125)} bytes/second counter drop`;
  }
}

/** Applies `impairment` (replacing any earlier one) to packets sent from `ports`. */
export function impair(impairment: Impairment, ports: readonly number[]): void {
  clearImpairment();
  const rule = ruleFor(impairment, ports);
  if (rule === null) return;
  const ruleset = [
    `table inet ${TABLE} {`,
    '  chain out {',
    '    type filter hook output priority 0; policy accept;',
    // Counts everything the participant sends, then what the impairment drops of it.
    `    udp sport { ${ports.join(', ')} } counter`,
    `    ${rule}`,
    '  }',
    '}',
  ].join('\n');
  execFileSync('nft', ['-f', '-'], { input: `${ruleset}\n`, stdio: ['pipe', 'ignore', 'pipe'] });
}

/** Packets the participant sent and the impairment dropped so far; null without a table. */
export function impairmentCounters(): { sent: number; dropped: number } | null {
  let listing: string;
  try {
    listing = execFileSync('nft', ['list', 'table', 'inet', TABLE], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return null;
  }
  const counts = [...listing.matchAll(/counter packets (\d+)/g)].map((m) => Number(m[1]));
  return { sent: counts[0] ?? 0, dropped: counts[1] ?? 0 };
}

/** Removes our table, if there is one. Synchronous: also used when the process exits. */
export function clearImpairment(): void {
  try {
    execFileSync('nft', ['delete', 'table', 'inet', TABLE], { stdio: 'ignore' });
  } catch {
    // No table: nothing to clear.
  }
}

/** Whether nft works here (root or CAP_NET_ADMIN); the reason when it does not. */
export function nftProblem(): string | null {
  try {
    execFileSync('nft', ['list', 'tables'], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return error instanceof Error ? (error.message.split('\n')[0] ?? 'nft failed') : 'nft failed';
  }
}
