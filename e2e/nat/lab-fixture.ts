import { test as base, type Browser } from '@playwright/test';
import { installCleanup, removeLabNamespaces } from './lab-net.js';
import { startServices, type LabServices } from './lab-services.js';
import { createLabTrust } from './lab-trust.js';
import { launchIn, type LabChromium } from './ns-browser.js';
import { SITES } from './lab-sites.js';
import { buildTopology, type Host, type Topology } from './topology.js';

export interface Lab {
  readonly topology: Topology;
  readonly services: LabServices;
  /** How lab browsers start (secure origins, the HOME that trusts the lab CA). */
  readonly chromium: LabChromium;
  host(name: string): Host;
  /** One Chromium per host namespace, launched on first use. */
  browser(host: Host): Promise<Browser>;
}

export const test = base.extend<object, { lab: Lab }>({
  lab: [
    async ({}, use) => {
      installCleanup();
      const topology = await buildTopology(SITES);
      const trust = await createLabTrust();
      const services = await startServices(topology.inet, trust).catch(async (error: unknown) => {
        await trust.remove();
        throw error;
      });
      const browsers = new Map<string, Promise<Browser>>();
      const chromium: LabChromium = { secureOrigins: services.origins, home: trust.home };
      const lab: Lab = {
        topology,
        services,
        chromium,
        host(name) {
          const host = topology.hosts.get(name);
          if (!host) throw new Error(`no host ${name}`);
          return host;
        },
        browser(host) {
          let browser = browsers.get(host.name);
          if (!browser) {
            browser = launchIn(host, chromium);
            browsers.set(host.name, browser);
          }
          return browser;
        },
      };
      try {
        await use(lab);
      } finally {
        for (const browser of browsers.values()) await (await browser).close();
        await services.stop();
        await trust.remove();
        removeLabNamespaces();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

export { expect } from '@playwright/test';
