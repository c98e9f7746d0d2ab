// Headless Chromium launched inside a host namespace. Playwright talks to it over a pipe
// (`--remote-debugging-pipe`), which survives `ip netns exec`, so the test process stays
// in the root namespace while the browser lives behind the site's NAT.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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

/** How every lab Chromium starts: which plain-http origins count as secure, and its HOME. */
export interface LabChromium {
  readonly secureOrigins: readonly string[];
  /** HOME whose NSS database trusts the lab's CA (lab-trust.ts). */
  readonly home: string;
}

/**
 * A Chromium executable that runs inside the host's namespace (where /etc/hosts holds the
 * lab's names). The lab serves plain http, and camera access (which also unhides host
 * candidates) needs a secure context, so the wrapper marks the lab's origins secure.
 */
export function chromiumIn(host: Host, setup: LabChromium): string {
  const wrapper = join(wrapperDir(), `${host.ns.name}.sh`);
  const secure = `--unsafely-treat-insecure-origin-as-secure=${setup.secureOrigins.join(',')}`;
  // LAB_NETLOG=1: Chromium's net log (DNS, TCP, TLS) per browser process, in test-results/.
  const netlog = process.env['LAB_NETLOG']
    ? ` --log-net-log=${resolve('test-results', `netlog-${host.ns.name}`)}-$$.json --net-log-capture-mode=Everything`
    : '';
  writeFileSync(
    wrapper,
    `#!/bin/sh\nHOME='${setup.home}' exec ip netns exec ${host.ns.name} ${CHROMIUM_PATH} '${secure}'${netlog} "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  return wrapper;
}

export async function launchIn(host: Host, setup: LabChromium): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumIn(host, setup),
    args: [
      ...CHROMIUM_ARGS,
      ...(process.env['LAB_CHROMIUM_LOG']
        ? ['--enable-logging=stderr', '--vmodule=*p2p*=1,*port*=1,*turn*=1,*connection*=1']
        : []),
    ],
  });
}
