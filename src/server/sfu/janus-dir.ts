import { chmod, chown, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JANUS_MODULES, renderJanusConfig, type JanusConfig } from './janus-config.js';

/**
 * Fills `config.dir` (an empty temp dir) with the rendered config files and private
 * plugin/transport folders that hold links to exactly the modules confab uses: Janus loads
 * every shared object in its folders, so this is how nothing else (SIP, Streaming, HTTP,
 * event handlers, loggers) is ever loaded, whatever the installed package ships.
 * With `owner`, everything is handed to that unprivileged user (we are root).
 */
export async function writeJanusDir(
  config: JanusConfig,
  libDir: string,
  owner: { uid: number; gid: number } | null,
): Promise<void> {
  const { dir } = config;
  const paths: string[] = [];
  for (const [file, text] of Object.entries(renderJanusConfig(config))) {
    await writeFile(join(dir, file), text, { mode: 0o600 });
    paths.push(join(dir, file));
  }
  for (const folder of ['plugins', 'transports', 'events', 'loggers'] as const) {
    await mkdir(join(dir, folder), { mode: 0o700 });
    paths.push(join(dir, folder));
  }
  for (const folder of ['plugins', 'transports'] as const) {
    for (const file of JANUS_MODULES[folder]) {
      await symlink(join(libDir, folder, file), join(dir, folder, file));
    }
  }
  if (owner !== null) {
    // Not the links: chown follows them and would hand Janus's libraries to `nobody`.
    for (const path of [dir, ...paths]) await chown(path, owner.uid, owner.gid);
  }
  await chmod(dir, 0o700);
}
