// Headless Chromium launched inside a host namespace. Playwright talks to it over a pipe
// (`--remote-debugging-pipe`), which survives `ip netns exec`, so the test process stays
// in the root namespace while the browser lives behind the site's NAT.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config.js';
import type { Host } from './topology.js';

const wrappers = mkdtempSync(join(tmpdir(), 'confab-nat-chromium-'));

export async function launchIn(host: Host, secureOrigins: readonly string[]): Promise<Browser> {
  const wrapper = join(wrappers, `${host.ns.name}.sh`);
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${host.ns.name} ${CHROMIUM_PATH} "$@"\n`);
  chmodSync(wrapper, 0o755);
  return chromium.launch({
    executablePath: wrapper,
    args: [
      ...CHROMIUM_ARGS,
      // The lab serves plain http on 198.18.0.10; camera access needs a secure context.
      `--unsafely-treat-insecure-origin-as-secure=${secureOrigins.join(',')}`,
      ...(process.env['LAB_CHROMIUM_LOG']
        ? ['--enable-logging=stderr', '--vmodule=*p2p*=1,*port*=1,*turn*=1,*connection*=1']
        : []),
    ],
  });
}
