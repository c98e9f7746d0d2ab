import { test as base, type Browser } from '@playwright/test';
import { installCleanup, removeLabNamespaces } from './lab-net.js';
import { startServices, type LabServices } from './lab-services.js';
import { launchIn } from './ns-browser.js';
import { buildTopology, type Host, type SiteSpec, type Topology } from './topology.js';

/** The sites of the lab: one of each kind, and a LAN with two hosts. */
export const SITES: readonly SiteSpec[] = [
  { name: 'pub', kind: 'public', hosts: 1 },
  { name: 'lan', kind: 'cone', hosts: 2 },
  { name: 'cone', kind: 'cone', hosts: 1 },
  { name: 'syma', kind: 'symmetric', hosts: 1 },
  { name: 'symb', kind: 'symmetric', hosts: 1 },
  { name: 'udp', kind: 'udp-blocked', hosts: 1 },
  // A laptop that changes networks mid-call (network-change.spec.ts): it starts on a public
  // address and moves behind the symmetric NAT.
  { name: 'roam', kind: 'public', hosts: 1 },
];

export interface Lab {
  readonly topology: Topology;
  readonly services: LabServices;
  host(name: string): Host;
  /** One Chromium per host namespace, launched on first use. */
  browser(host: Host): Promise<Browser>;
}

export const test = base.extend<object, { lab: Lab }>({
  lab: [
    async ({}, use) => {
      installCleanup();
      const topology = await buildTopology(SITES);
      const services = await startServices(topology.inet);
      const browsers = new Map<string, Promise<Browser>>();
      const origins = [services.withTurn, services.stunOnly];
      const lab: Lab = {
        topology,
        services,
        host(name) {
          const host = topology.hosts.get(name);
          if (!host) throw new Error(`no host ${name}`);
          return host;
        },
        browser(host) {
          let browser = browsers.get(host.name);
          if (!browser) {
            browser = launchIn(host, origins);
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
        removeLabNamespaces();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

export { expect } from '@playwright/test';
