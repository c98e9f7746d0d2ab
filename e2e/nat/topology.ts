// The NAT lab's network: a "public internet" bridge (198.18.0.0/24) holding the confab
// server and coturn at 198.18.0.10, and sites: a public host, or a router namespace doing
// nftables NAT for one or two hosts on its own LAN (198.19.<site>.0/24).
import { LAB_PREFIX, Namespace } from './lab-net.js';

/**
 * public: a host with a public address, no NAT · cone: endpoint-independent mapping,
 * port-restricted filtering (`masquerade`) · symmetric: a new port per destination
 * (`masquerade random`) · udp-blocked: cone NAT that drops all outbound UDP.
 */
export type SiteKind = 'public' | 'cone' | 'symmetric' | 'udp-blocked';

export interface SiteSpec {
  readonly name: string;
  readonly kind: SiteKind;
  readonly hosts: number;
}

export interface Host {
  readonly name: string;
  readonly ns: Namespace;
  site: Site;
  address: string;
}

export interface Site {
  readonly name: string;
  readonly kind: SiteKind;
  readonly index: number;
  readonly router: Namespace | null;
  readonly wanAddress: string;
  readonly hosts: Host[];
}

export const SERVER_ADDRESS = '198.18.0.10';
const BRIDGE = 'br0';

export interface Topology {
  readonly inet: Namespace;
  readonly sites: Site[];
  readonly hosts: Map<string, Host>;
}

export async function buildTopology(specs: readonly SiteSpec[]): Promise<Topology> {
  const inet = await Namespace.create(`${LAB_PREFIX}-inet`);
  await inet.ip('link', 'add', BRIDGE, 'type', 'bridge');
  await inet.ip('link', 'set', BRIDGE, 'up');
  await inet.ip('addr', 'add', `${SERVER_ADDRESS}/24`, 'dev', BRIDGE);
  const sites: Site[] = [];
  const hosts = new Map<string, Host>();
  for (const [i, spec] of specs.entries()) {
    const site =
      spec.kind === 'public'
        ? await publicSite(inet, spec, i + 1)
        : await natSite(inet, spec, i + 1);
    sites.push(site);
    for (const host of site.hosts) hosts.set(host.name, host);
  }
  return { inet, sites, hosts };
}

/** Plugs a new veth into the internet bridge; its other end is `name` inside `into`. */
async function plugIntoBridge(
  inet: Namespace,
  into: Namespace,
  port: string,
  name: string,
): Promise<void> {
  await inet.ip('link', 'add', port, 'type', 'veth', 'peer', 'name', name, 'netns', into.name);
  await inet.ip('link', 'set', port, 'master', BRIDGE, 'up');
  await into.ip('link', 'set', name, 'up');
}

async function publicSite(inet: Namespace, spec: SiteSpec, index: number): Promise<Site> {
  const ns = await Namespace.create(`${LAB_PREFIX}-${spec.name}-h1`);
  const address = `198.18.0.${String(50 + index)}`;
  await plugIntoBridge(inet, ns, `${LAB_PREFIX}-p${String(index)}`, 'eth0');
  await ns.ip('addr', 'add', `${address}/24`, 'dev', 'eth0');
  const site: Site = {
    name: spec.name,
    kind: spec.kind,
    index,
    router: null,
    wanAddress: address,
    hosts: [],
  };
  site.hosts.push({ name: `${spec.name}-h1`, ns, site, address });
  return site;
}

async function natSite(inet: Namespace, spec: SiteSpec, index: number): Promise<Site> {
  const router = await Namespace.create(`${LAB_PREFIX}-${spec.name}-r`);
  const wanAddress = `198.18.0.${String(20 + index)}`;
  await plugIntoBridge(inet, router, `${LAB_PREFIX}-w${String(index)}`, 'wan0');
  await router.ip('addr', 'add', `${wanAddress}/24`, 'dev', 'wan0');
  await router.ip('link', 'add', 'lan0', 'type', 'bridge');
  await router.ip('addr', 'add', `198.19.${String(index)}.1/24`, 'dev', 'lan0');
  await router.ip('link', 'set', 'lan0', 'up');
  await router.sysctl('net.ipv4.ip_forward=1');
  await router.nft(natRuleset(spec.kind));
  const site: Site = { name: spec.name, kind: spec.kind, index, router, wanAddress, hosts: [] };
  for (let h = 1; h <= spec.hosts; h++) {
    const ns = await Namespace.create(`${LAB_PREFIX}-${spec.name}-h${String(h)}`);
    const host: Host = { name: `${spec.name}-h${String(h)}`, ns, site, address: '' };
    await attachToLan(host, site, 9 + h);
    site.hosts.push(host);
  }
  return site;
}

/** Connects a host to a site's LAN (a veth into the router's LAN bridge) as .<hostByte>. */
export async function attachToLan(host: Host, site: Site, hostByte: number): Promise<void> {
  const router = site.router;
  if (router === null) throw new Error(`site ${site.name} has no LAN`);
  const port = `${LAB_PREFIX}-l${String(site.index)}-${String(hostByte)}`;
  const address = `198.19.${String(site.index)}.${String(hostByte)}`;
  await router.ip(
    'link',
    'add',
    port,
    'type',
    'veth',
    'peer',
    'name',
    'eth0',
    'netns',
    host.ns.name,
  );
  await router.ip('link', 'set', port, 'master', 'lan0', 'up');
  await host.ns.ip('addr', 'add', `${address}/24`, 'dev', 'eth0');
  await host.ns.ip('link', 'set', 'eth0', 'up');
  await host.ns.ip('route', 'add', 'default', 'via', `198.19.${String(site.index)}.1`);
  host.site = site;
  host.address = address;
}

/** Moves a host behind another site's NAT, as a laptop moving to another network would. */
export async function moveHost(host: Host, to: Site, hostByte: number): Promise<void> {
  await host.ns.ip('link', 'del', 'eth0');
  await attachToLan(host, to, hostByte);
}

/**
 * The router's nftables rules. Unsolicited packets arriving on the WAN side are dropped in
 * `input` before conntrack confirms them, so they never take the port a LAN host's outgoing
 * flow needs: that keeps the cone NAT's mapping endpoint-independent during hole punching.
 */
export function natRuleset(kind: Exclude<SiteKind, 'public'> | SiteKind): string {
  const masquerade = kind === 'symmetric' ? 'masquerade random' : 'masquerade';
  const blockUdp = kind === 'udp-blocked' ? '    iifname != "wan0" meta l4proto udp drop\n' : '';
  return `table ip lab_nat {
  chain postrouting {
    type nat hook postrouting priority 100;
    oifname "wan0" ${masquerade}
  }
}
table ip lab_filter {
  chain input {
    type filter hook input priority 0;
    iifname "wan0" ct state new drop
  }
  chain forward {
    type filter hook forward priority 0;
${blockUdp}  }
}
`;
}
