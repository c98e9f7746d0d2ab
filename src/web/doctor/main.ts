import '../../client/csp-safe.js';
import type { DoctorReport } from '../../protocol/diagnostics/report.js';
import { runDoctor } from '../../client/diagnostics/run-doctor.js';
import {
  loadCustomServers,
  saveCustomServers,
  toIceServers,
  type CustomServer,
} from './custom-servers.js';
import {
  addCandidate,
  addCheck,
  addRawError,
  clearResults,
  setText,
  showReport,
} from './render.js';
import { fetchServerIceServers } from './server-ice.js';

/** Options of a run; the form provides them, automation (`confab doctor`) may override them. */
export interface DoctorPageOptions {
  readonly source?: 'server' | 'custom';
  readonly token?: string;
  readonly policy?: RTCIceTransportPolicy;
  readonly timeoutMs?: number;
  readonly revealLocalAddresses?: boolean;
}

type PageState = 'idle' | 'running' | 'done' | 'error';

declare global {
  interface Window {
    /** Automation entry point used by `confab doctor` (headless Chromium). */
    confabDoctor?: { run(options?: DoctorPageOptions): Promise<DoctorReport> };
  }
}

const form = document.getElementById('settings') as HTMLFormElement;
const customRows = document.getElementById('custom-rows') as HTMLTableSectionElement;
const downloadButton = document.getElementById('download') as HTMLButtonElement;
let lastReport: DoctorReport | null = null;
let running: Promise<DoctorReport> | null = null;

function setState(state: PageState): void {
  document.body.dataset['state'] = state;
  (document.getElementById('run') as HTMLButtonElement).disabled = state === 'running';
}

function field(name: string): string {
  const element = form.elements.namedItem(name);
  // Radio groups come back as a RadioNodeList, whose value is the checked one's.
  return element instanceof HTMLInputElement ||
    element instanceof HTMLSelectElement ||
    element instanceof RadioNodeList
    ? element.value
    : '';
}

function formOptions(): Required<DoctorPageOptions> {
  const timeout = Number(field('timeout'));
  return {
    source: field('source') === 'custom' ? 'custom' : 'server',
    token: field('token'),
    policy: field('policy') === 'relay' ? 'relay' : 'all',
    timeoutMs: Number.isFinite(timeout) && timeout >= 2 ? Math.min(timeout, 60) * 1000 : 10_000,
    revealLocalAddresses: (document.getElementById('reveal') as HTMLInputElement).checked,
  };
}

const LABELS = {
  url: 'Server URL',
  username: 'TURN username',
  credential: 'TURN credential',
} as const;

function addCustomRow(server: CustomServer = { url: '', username: '', credential: '' }): void {
  const row = customRows.insertRow();
  for (const [key, type] of [
    ['url', 'text'],
    ['username', 'text'],
    ['credential', 'password'],
  ] as const) {
    const input = document.createElement('input');
    input.type = type;
    input.name = `custom-${key}`;
    input.value = server[key];
    input.setAttribute('aria-label', LABELS[key]);
    input.autocomplete = 'off';
    row.insertCell().append(input);
  }
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.textContent = 'Remove';
  remove.addEventListener('click', () => {
    row.remove();
  });
  row.insertCell().append(remove);
}

function readCustomRows(): CustomServer[] {
  return [...customRows.rows].map((row) => {
    const value = (name: string): string =>
      row.querySelector<HTMLInputElement>(`input[name="custom-${name}"]`)?.value ?? '';
    return { url: value('url'), username: value('username'), credential: value('credential') };
  });
}

async function revealLocalAddresses(): Promise<void> {
  // With microphone permission Chromium shows real host addresses instead of mDNS names.
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const track of stream.getTracks()) track.stop();
  } catch {
    // Denied or no device: the table shows .local names instead; nothing else changes.
  }
}

async function run(overrides: DoctorPageOptions = {}): Promise<DoctorReport> {
  const options = { ...formOptions(), ...overrides };
  clearResults();
  setState('running');
  setText('summary', 'Running checks');
  try {
    if (options.revealLocalAddresses) await revealLocalAddresses();
    let iceServers: RTCIceServer[];
    let selfTest: DoctorReport['serverSelfTest'] = null;
    if (options.source === 'server') {
      const fetched = await fetchServerIceServers(options.token);
      iceServers = fetched.iceServers.map(({ urls, username, credential }) => ({
        urls,
        ...(username === undefined ? {} : { username }),
        ...(credential === undefined ? {} : { credential }),
      }));
      selfTest = fetched.selfTest;
    } else {
      const custom = readCustomRows();
      saveCustomServers(custom);
      const converted = toIceServers(custom);
      if (converted.errors.length > 0) throw new Error(converted.errors.join('; '));
      iceServers = converted.iceServers;
    }
    const report = await runDoctor({
      source: options.source,
      iceServers,
      policy: options.policy,
      timeoutMs: options.timeoutMs,
      serverSelfTest: selfTest,
      onCandidate: addCandidate,
      onError: addRawError,
      onCheck: addCheck,
    });
    lastReport = report;
    showReport(report);
    downloadButton.disabled = false;
    setState('done');
    return report;
  } catch (error) {
    setText(
      'summary',
      `The doctor could not run: ${error instanceof Error ? error.message : String(error)}`,
    );
    setState('error');
    throw error;
  }
}

function runOnce(overrides?: DoctorPageOptions): Promise<DoctorReport> {
  running ??= run(overrides).finally(() => {
    running = null;
  });
  return running;
}

function download(): void {
  if (lastReport === null) return;
  const blob = new Blob([JSON.stringify(lastReport, null, 2)], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `confab-doctor-${lastReport.createdAt.replace(/[:.]/g, '-')}.json`;
  link.click();
  URL.revokeObjectURL(link.href);
}

function syncSource(): void {
  const custom = field('source') === 'custom';
  const servers = document.getElementById('custom-servers');
  const token = document.getElementById('token-row');
  if (servers) servers.hidden = !custom;
  if (token) token.hidden = custom;
}

// The room token comes in the fragment (/doctor#token=...): unlike a query, a fragment is
// never sent to the server, so it stays out of access logs, proxies and Referer headers.
const params = new URLSearchParams(location.hash.slice(1));
(document.getElementById('token') as HTMLInputElement).value = params.get('token') ?? '';
if (params.has('token')) history.replaceState(null, '', location.pathname + location.search);
for (const server of loadCustomServers()) addCustomRow(server);
if (customRows.rows.length === 0) addCustomRow();
document.getElementById('add-server')?.addEventListener('click', () => {
  addCustomRow();
});
form.addEventListener('change', syncSource);
form.addEventListener('submit', (event) => {
  event.preventDefault();
  runOnce().catch(() => undefined);
});
downloadButton.addEventListener('click', download);
syncSource();
window.confabDoctor = { run: runOnce };
document.body.dataset['ready'] = 'true';
