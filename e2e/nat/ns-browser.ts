// Headless Chromium launched inside a host namespace. Playwright talks to it over a pipe
// (`--remote-debugging-pipe`), which survives `ip netns exec`, so the test process stays
// in the root namespace while the browser lives behind the site's NAT.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config.js';
import type { Host } from './topology.js';

let wrappers: string | null = null;

/** The wrapper scripts' directory, made on first use and removed when the test process ends. */
function wrapperDir(): string {
  if (wrappers !== null) return wrappers;
  const dir = mkdtempSync(join(tmpdir(), 'confab-nat-chromium-'));
  process.on('exit', () => {
    rmSync(dir, { recursive: true, force: true });
  });
  wrappers = dir;
  return dir;
}

/**
 * A Chromium executable that runs inside the host's namespace. The lab serves plain http on
 * 198.18.0.10, and camera access (which also unhides host candidates) needs a secure
 * context, so the wrapper marks the lab's origins secure.
 */
export function chromiumIn(host: Host, secureOrigins: readonly string[]): string {
  const wrapper = join(wrapperDir(), `${host.ns.name}.sh`);
  const secure = `--unsafely-treat-insecure-origin-as-secure=${secureOrigins.join(',')}`;
  writeFileSync(
    wrapper,
    `#!/bin/sh\nexec ip netns exec ${host.ns.name} ${CHROMIUM_PATH} '${secure}' "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  return wrapper;
}

export async function launchIn(host: Host, secureOrigins: readonly string[]): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumIn(host, secureOrigins),
    args: [
      ...CHROMIUM_ARGS,
      ...(process.env['LAB_CHROMIUM_LOG']
        ? ['--enable-logging=stderr', '--vmodule=*p2p*=1,*port*=1,*turn*=1,*connection*=1']
        : []),
    ],
  });
}
