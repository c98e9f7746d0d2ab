// Everything the browser benchmarks share: coturn, confab (minting TURN credentials), the
// PeerJS server and one headless Chromium. Servers are not pinned: the browser needs both cores.
import { readdirSync, readFileSync } from 'node:fs';
import { treeCpuSeconds } from '../lib/proc.js';
import { pinSelf } from '../lib/processes.js';
import { startTarget, type RunningTarget } from '../servers/targets.js';
import { startBrowser, type BenchBrowser } from './chromium.js';
import { startTurn, type BenchTurn } from './turn.js';
import type { Arm } from './page/types.js';

export interface BrowserSetup {
  readonly browser: BenchBrowser;
  readonly turn: BenchTurn;
  /** Where each arm signals; `relay` is a confab that hands out TURN credentials. */
  readonly servers: Readonly<Record<Arm, string>>;
  readonly relayServers: Readonly<Record<Arm, string>>;
  /** CPU seconds used so far by every Chromium process of this run. */
  chromiumCpuSeconds(): number;
}

export async function withBrowserSetup<T>(fn: (setup: BrowserSetup) => Promise<T>): Promise<T> {
  // Chromium inherits this process's CPU affinity: it gets every core, whatever ran before.
  pinSelf(null);
  const turn = await startTurn();
  const started: RunningTarget[] = [];
  let browser: BenchBrowser | null = null;
  try {
    browser = await startBrowser();
    const chromium = browser;
    // The benchmark page is served from its own origin: confab admits only its own pages'
    // WebSockets unless told otherwise, and all participants come from one address.
    const common = [
      ...['--allowed-origin', new URL(chromium.pageUrl).origin, '--log-level', 'warn'],
      ...['--max-connections-per-ip', '0'],
    ];
    // Host runs give no ICE servers to either arm; relay runs give both the same coturn.
    const confab = await startTarget('confab', { core: null, confabArgs: common });
    started.push(confab);
    const confabTurn = await startTarget('confab', {
      core: null,
      confabArgs: ['--turn-url', turn.url, '--turn-secret', turn.secret, ...common],
    });
    started.push(confabTurn);
    const peerjs = await startTarget('peerjs', { core: null });
    started.push(peerjs);
    return await fn({
      browser: chromium,
      turn,
      servers: {
        confab: `http://127.0.0.1:${String(confab.port)}`,
        peerjs: `ws://127.0.0.1:${String(peerjs.port)}`,
      },
      relayServers: {
        confab: `http://127.0.0.1:${String(confabTurn.port)}`,
        peerjs: `ws://127.0.0.1:${String(peerjs.port)}`,
      },
      chromiumCpuSeconds,
    });
  } finally {
    await browser?.close();
    for (const server of started) await server.process.stop();
    await turn.stop();
  }
}

/** CPU seconds so far of every Chromium process this process started (and their children). */
export function chromiumCpuSeconds(): number {
  return chromiumChildren().reduce((sum, pid) => sum + treeCpuSeconds(pid), 0);
}

/** Chromium browser processes started by this process (Playwright launches them directly). */
function chromiumChildren(): number[] {
  return childProcesses(process.pid).filter((pid) => commandOf(pid).includes('chromium'));
}

function childProcesses(parent: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}
