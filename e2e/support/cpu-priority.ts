// Several participants' browsers on two cores, beside the confab server and its Janus: on
// their own machines the server and the media server would not wait for anyone's browser.
// With ten browsers (a load of 40-50 runnable threads) the server, which runs in this test
// process, answered pings after 8-26 s with its event loop idle but not scheduled, and
// clients rightly called their sockets dead. The browsers run at a lower CPU priority
// instead, so the servers answer at once and the browsers share what is left.
import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The niceness browsers get (0 is normal, 19 the lowest priority). */
export const BROWSER_NICENESS = 10;

/** Servers this test process starts: they keep the normal priority. */
const SERVERS = new Set(['janus', 'turnserver', 'redis-server']);

/** pid → [parent pid, command name] of every process (Linux /proc). */
function processTable(): Map<number, [number, string]> {
  const table = new Map<number, [number, string]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may hold spaces and parentheses.
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      table.set(Number(entry), [ppid, name]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return table;
}

/**
 * Lowers the CPU priority of every thread of every browser process this test process
 * started (all its descendants but the servers). What a browser starts later inherits it.
 * Idempotent.
 */
export function lowerBrowserPriority(root: number = process.pid): void {
  const table = processTable();
  const isBelow = (pid: number): boolean => {
    for (let at = table.get(pid)?.[0]; at !== undefined && at > 1; at = table.get(at)?.[0])
      if (at === root) return true;
    return false;
  };
  for (const [pid, [, name]] of table) {
    if (SERVERS.has(name) || !isBelow(pid)) continue;
    // Niceness is per thread on Linux: a browser's audio, GPU and network threads that
    // already run keep theirs unless each is lowered; threads started later inherit it.
    for (const thread of threadsOf(pid)) {
      try {
        setPriority(thread, BROWSER_NICENESS);
      } catch {
        // Gone meanwhile.
      }
    }
  }
}

function threadsOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${String(pid)}/task`).map(Number);
  } catch {
    return [];
  }
}
