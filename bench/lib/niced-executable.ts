// A program started at a lower CPU priority, for launchers that take only a path to run.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface NicedExecutable {
  /** A script that runs the program with its arguments at `nice <niceness>`. */
  readonly path: string;
  remove(): Promise<void>;
}

export async function nicedExecutable(program: string, niceness: number): Promise<NicedExecutable> {
  const dir = await mkdtemp(join(tmpdir(), 'confab-niced-'));
  const path = join(dir, 'run');
  await writeFile(path, `#!/bin/sh\nexec nice -n ${String(niceness)} '${program}' "$@"\n`);
  await chmod(path, 0o755);
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}
