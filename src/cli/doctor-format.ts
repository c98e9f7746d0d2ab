import type { DoctorReport } from '../protocol/diagnostics/report.js';
import { formatMbps } from '../protocol/diagnostics/upload.js';
import { formatMs } from '../protocol/diagnostics/verdicts.js';

/** Plain-text rendering of a doctor report for terminals (`confab doctor` without --json). */
export function formatReport(report: DoctorReport, server: string): string {
  const out: string[] = [
    `confab doctor: ${server} (ICE servers from the ${report.source === 'server' ? 'server' : 'command line'}, gathering policy ${report.policy})`,
    '',
    `Candidates (${String(report.gathering.candidates.length)}, gathering ${report.gathering.complete ? 'complete' : 'timed out'} after ${String(report.gathering.durationMs)} ms):`,
    table(
      [
        'time',
        'comp',
        'type',
        'foundation',
        'proto',
        'address',
        'port',
        'priority (type/local/comp)',
        'url',
        'relay',
      ],
      report.gathering.candidates.map((c) => [
        `${String(c.timeMs)} ms`,
        String(c.component),
        c.type,
        c.foundation,
        c.protocol,
        c.address,
        String(c.port),
        `${String(c.priority)} (${String(c.typePreference)}/${String(c.localPreference)}/${String(c.componentId)})`,
        c.url ?? '',
        c.relayProtocol ?? '',
      ]),
    ),
  ];
  const errors = [...report.gathering.errors, ...report.checks.flatMap((c) => c.errors)];
  if (errors.length > 0) {
    out.push('', 'Errors (icecandidateerror):');
    const seen = new Set<string>();
    for (const e of errors) {
      const line = `  ${String(e.errorCode)} ${e.url}: ${e.errorText} → ${e.explanation}`;
      if (!seen.has(line)) out.push(line);
      seen.add(line);
    }
  }
  out.push('', 'Connectivity (two peer connections in the browser, relay only):');
  out.push(
    table(
      ['url', 'result', 'connect', 'RTT', 'throughput', 'selected pair'],
      report.checks.map((c) => [
        c.url,
        c.outcome === 'works' ? 'works' : `fails: ${c.reason ?? ''}`,
        c.connectMs === null ? '' : `${String(c.connectMs)} ms`,
        c.rttMs === null ? '' : formatMs(c.rttMs),
        c.throughputMbps === null ? '' : formatMbps(c.throughputMbps),
        c.localCandidateType === null
          ? ''
          : `${c.localCandidateType}↔${c.remoteCandidateType ?? '?'}${c.relayProtocol === null ? '' : ` (${c.relayProtocol})`}`,
      ]),
    ),
  );
  out.push('', 'Verdicts:');
  for (const v of report.verdicts) out.push(`  ${v.label.padEnd(9)} ${v.text}`);
  out.push(`  NAT       ${report.nat.text}`);
  out.push(`  hairpin   ${report.hairpin.text}`);
  out.push(`  upload    ${report.upload.text}`);
  if (report.serverSelfTest !== null) {
    const parts = report.serverSelfTest.map((t) => `${t.url} ${t.outcome}`);
    out.push(`  server's own relay self-test: ${parts.join(', ')}`);
  }
  out.push('', report.summary.sentence, '');
  return out.join('\n');
}

function table(headers: readonly string[], rows: readonly string[][]): string {
  if (rows.length === 0) return '  (none)';
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `  ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}
