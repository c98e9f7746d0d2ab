import type {
  CandidateRow,
  CheckResult,
  DoctorReport,
  ErrorRow,
} from '../../protocol/diagnostics/report.js';
import { explainIceError } from '../../protocol/diagnostics/explanations.js';
import { formatMbps } from '../../protocol/diagnostics/upload.js';
import { formatMs } from '../../protocol/diagnostics/verdicts.js';
import type { RawIceError } from '../../client/diagnostics/rows.js';

function cell(row: HTMLTableRowElement, text: string, className?: string): void {
  const td = row.insertCell();
  td.textContent = text;
  if (className !== undefined) td.className = className;
}

function body(id: string): HTMLTableSectionElement {
  const table = document.getElementById(id);
  const tbody = table?.querySelector('tbody');
  if (!tbody) throw new Error(`missing table #${id}`);
  return tbody;
}

export function clearResults(): void {
  for (const id of ['verdicts', 'checks', 'candidates', 'errors']) body(id).replaceChildren();
  setText('summary', '');
  setText('nat', '');
  setText('hairpin', '');
  setText('upload', '');
  setText('self-test', '');
}

export function setText(id: string, text: string): void {
  const element = document.getElementById(id);
  if (element) element.textContent = text;
}

export function addCandidate(c: CandidateRow): void {
  const row = body('candidates').insertRow();
  row.dataset['type'] = c.type;
  for (const text of [
    String(c.timeMs),
    c.component === 1 ? '1 (rtp)' : `${String(c.component)} (rtcp)`,
    c.type,
    c.foundation,
    c.protocol,
    c.address,
    String(c.port),
    `${String(c.priority)} (${String(c.typePreference)} / ${String(c.localPreference)} / ${String(c.componentId)})`,
    c.url ?? '',
    c.relayProtocol ?? '',
  ]) {
    cell(row, text);
  }
}

/** Live rows while gathering; explained fully once the run ends (`showErrors`). */
export function addRawError(e: RawIceError): void {
  const explained = explainIceError(e, false);
  addErrorRow({ ...e, severity: explained.severity, explanation: explained.text });
}

export function showErrors(errors: readonly ErrorRow[]): void {
  body('errors').replaceChildren();
  for (const e of errors) addErrorRow(e);
}

function addErrorRow(e: ErrorRow): void {
  const row = body('errors').insertRow();
  row.className = e.severity;
  for (const text of [String(e.timeMs), e.url, String(e.errorCode), e.errorText, e.explanation])
    cell(row, text);
}

export function addCheck(c: CheckResult): void {
  const row = body('checks').insertRow();
  cell(row, c.url);
  cell(row, c.outcome === 'works' ? 'works' : `fails: ${c.reason ?? ''}`, c.outcome);
  cell(row, c.connectMs === null ? '' : `${String(c.connectMs)} ms`);
  cell(row, c.rttMs === null ? '' : formatMs(c.rttMs));
  cell(row, c.throughputMbps === null ? '' : formatMbps(c.throughputMbps));
  const pair =
    c.localCandidateType === null
      ? ''
      : `${c.localCandidateType} ↔ ${c.remoteCandidateType ?? '?'}`;
  cell(row, c.relayProtocol === null ? pair : `${pair} (${c.relayProtocol})`);
}

export function showReport(report: DoctorReport): void {
  setText('summary', report.summary.sentence);
  const verdicts = body('verdicts');
  verdicts.replaceChildren();
  for (const v of report.verdicts) {
    const row = verdicts.insertRow();
    row.dataset['kind'] = v.kind;
    cell(row, v.label);
    cell(row, v.text, v.status);
  }
  setText('nat', report.nat.text);
  setText('hairpin', report.hairpin.text);
  setText('upload', upperFirst(report.upload.text));
  const selfTest = report.serverSelfTest;
  setText(
    'self-test',
    selfTest === null
      ? ''
      : `The server's own relay self-test at start-up: ${selfTest.map((t) => `${t.url} ${t.outcome}`).join(', ')}.`,
  );
  showErrors(report.gathering.errors);
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
