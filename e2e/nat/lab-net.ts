// Network namespaces for the NAT lab: created by the lab, always removed (also after a
// failure or Ctrl-C). Only 198.18.0.0/15 addresses are used inside, and no namespace has a
// route to the machine's real network.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Every namespace and interface of the lab starts with this (interface names ≤ 15 chars). */
export const LAB_PREFIX = 'cfl';

/** Runs a command; throws with its stderr when it fails. */
export async function run(
  command: string,
  args: readonly string[],
  input?: string,
): Promise<string> {
  if (input === undefined) {
    const { stdout } = await execFileAsync(command, args);
    return stdout;
  }
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')}: ${stderr || error.message}`));
      else resolve(stdout);
    });
    child.stdin?.end(input);
  });
}

/** Whether this process may create network namespaces (root or CAP_NET_ADMIN). */
export function canCreateNamespaces(): { ok: true } | { ok: false; reason: string } {
  const probe = `${LAB_PREFIX}-probe-${String(process.pid)}`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: 'pipe' });
    execFileSync('ip', ['netns', 'del', probe], { stdio: 'pipe' });
    execFileSync('nft', ['--version'], { stdio: 'pipe' });
    return { ok: true };
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    return { ok: false, reason };
  }
}

/** Lists the lab's namespaces left on the machine (e.g. by a killed run). */
function labNamespaces(): string[] {
  const out = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(`${LAB_PREFIX}-`));
}

/**
 * `ip netns exec <name>` bind-mounts the files of /etc/netns/<name>/ over /etc: how a lab
 * namespace gets its own /etc/hosts (the lab's host names), seen by every program in it.
 */
const NETNS_ETC = '/etc/netns';

/** Removes every lab namespace (their veths go with them). Synchronous: usable on exit. */
export function removeLabNamespaces(): void {
  for (const name of labNamespaces()) {
    try {
      execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
    } catch {
      // Already gone.
    }
  }
  let etcDirs: string[] = [];
  try {
    etcDirs = readdirSync(NETNS_ETC).filter((name) => name.startsWith(`${LAB_PREFIX}-`));
  } catch {
    // No /etc/netns: nothing of ours there.
  }
  for (const name of etcDirs) rmSync(join(NETNS_ETC, name), { recursive: true, force: true });
}

let cleanupInstalled = false;

/** Removes leftovers now, and the lab's namespaces whenever this process ends. */
export function installCleanup(): void {
  removeLabNamespaces();
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', removeLabNamespaces);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      removeLabNamespaces();
      process.exit(130);
    });
  }
}

/** A namespace of the lab and the commands run in it. */
export class Namespace {
  constructor(readonly name: string) {}

  static async create(name: string): Promise<Namespace> {
    await run('ip', ['netns', 'add', name]);
    const ns = new Namespace(name);
    await ns.ip('link', 'set', 'lo', 'up');
    // No duplicate address detection: IPv6 addresses are usable at once, not "tentative"
    // for a second or two (nothing else on the lab's links can own them).
    await ns.sysctl('net.ipv6.conf.all.accept_dad=0');
    await ns.sysctl('net.ipv6.conf.default.accept_dad=0');
    return ns;
  }

  /** This namespace's /etc/hosts: `[address, names...]` lines besides localhost. */
  setHosts(entries: readonly (readonly string[])[]): void {
    const dir = join(NETNS_ETC, this.name);
    mkdirSync(dir, { recursive: true });
    const lines = [['127.0.0.1', 'localhost'], ['::1', 'localhost'], ...entries];
    writeFileSync(join(dir, 'hosts'), `${lines.map((line) => line.join(' ')).join('\n')}\n`);
  }

  ip(...args: string[]): Promise<string> {
    return run('ip', ['-n', this.name, ...args]);
  }

  exec(command: string, args: readonly string[]): Promise<string> {
    return run('ip', ['netns', 'exec', this.name, command, ...args]);
  }

  /** Loads an nftables ruleset in this namespace. */
  nft(ruleset: string): Promise<string> {
    return run('ip', ['netns', 'exec', this.name, 'nft', '-f', '-'], ruleset);
  }

  sysctl(setting: string): Promise<string> {
    return this.exec('sysctl', ['-qw', setting]);
  }
}
