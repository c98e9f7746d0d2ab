import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The first executable `name` on PATH, or null. */
export function findOnPath(name: string): string | null {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not in this directory
    }
  }
  return null;
}

/** uid/gid of `nobody`, to drop privileges of the servers we start when we are root. */
export function lookupNobody(): { uid: number; gid: number } | null {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('nobody:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  return uid === undefined || gid === undefined ? null : { uid: Number(uid), gid: Number(gid) };
}

/** The name of group `gid` (for programs that drop privileges by name, e.g. coturn). */
export function groupName(gid: number): string | null {
  const line = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((entry) => entry.split(':')[2] === String(gid));
  return line?.split(':')[0] ?? null;
}

/**
 * The command that runs `binary args` and has the kernel kill it when our process dies
 * (util-linux `setpriv --pdeathsig`, Linux): a server we start must not outlive us when we
 * are killed without the chance to stop it (SIGKILL, a test runner's timeout). Without
 * setpriv the command is run as it is.
 */
export function diesWithParent(
  binary: string,
  args: readonly string[],
  setpriv: string | null = findOnPath('setpriv'),
): { command: string; args: string[] } {
  if (setpriv === null) return { command: binary, args: [...args] };
  return { command: setpriv, args: ['--pdeathsig', 'KILL', '--', binary, ...args] };
}
