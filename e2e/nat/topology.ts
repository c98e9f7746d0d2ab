// The NAT lab's network: a "public internet" bridge (198.18.0.0/24 and 2001:db8::/64) in the
// internet namespace, which holds the confab servers and coturn and routes IPv6 between the
// sites; and sites: a public host, or a router namespace for one or two hosts on its own LAN
// (198.19.<site>.0/24; IPv6 2001:db8:<site>::/64 or, IPv6-only, 3fff:<site>::/64). Only
// benchmarking (198.18.0.0/15) and documentation (2001:db8::/32, 3fff::/20) addresses.
import { EDGE_ADDRESS, HOSTS_ENTRIES, SERVER_ADDRESS, SERVER_ADDRESS6 } from './lab-addresses.js';
import { LAB_PREFIX, Namespace } from './lab-net.js';
import { firewall6Ruleset, natRuleset, type NatBehaviour } from './site-rules.js';

export type SiteKind =
  | 'public'
  | 'cone'
  | 'symmetric'
  | 'udp-blocked'
  | 'cgnat'
  | 'corporate'
  | 'guest-wifi'
  | 'dual-stack'
  | 'ipv6-only';

/** What each kind of site is, as the matrix describes it. */
export const SITE_KINDS: Readonly<Record<SiteKind, string>> = {
  public: 'a host with a public IPv4 address, no NAT',
  cone: 'endpoint-independent mapping, port-restricted filtering (`masquerade`)',
  symmetric: 'a new public port per destination (`masquerade random`)',
  'udp-blocked': 'cone NAT that drops all outbound UDP',
  cgnat:
    'carrier-grade NAT: a home cone NAT behind a second, carrier cone NAT (double NAT, as on most mobile networks)',
  corporate:
    'corporate egress: cone NAT that lets out only new TCP connections to ports 80 and 443 (everything else dropped)',
  'guest-wifi':
    'guest Wi-Fi: two hosts on one LAN with client isolation (bridge ports `isolated on`) behind a cone NAT that does not hairpin',
  'dual-stack':
    'dual-stack home: cone NAT for IPv4, a routed IPv6 prefix (2001:db8:<site>::/64) behind a stateful firewall',
  'ipv6-only':
    'IPv6-only network (3fff:<site>::/64, no IPv4 at all) behind a stateful firewall, as on some mobile networks',
};

export interface SiteSpec {
  readonly name: string;
  readonly kind: SiteKind;
  readonly hosts: number;
}

export interface Host {
  readonly name: string;
  readonly ns: Namespace;
  site: Site;
  /** IPv4 address, null on an IPv6-only site. */
  address: string | null;
  /** Global IPv6 address, null on an IPv4-only site. */
  address6: string | null;
}

export interface Site {
  readonly name: string;
  readonly kind: SiteKind;
  readonly index: number;
  /** The router the hosts' LAN hangs off; null for a public host. */
  readonly router: Namespace | null;
  /** The site's public IPv4 address (its outermost NAT's), null when it has no IPv4. */
  readonly wanAddress: string | null;
  /** The LAN's IPv4 network (a.b.c), null when it has no IPv4. */
  readonly lan4: string | null;
  /** The LAN's IPv6 /64 prefix (`x:y:z::`), null when it has no IPv6. */
  readonly lan6: string | null;
  readonly hosts: Host[];
}

const BRIDGE = 'br0';

export interface Topology {
  readonly inet: Namespace;
  readonly sites: Site[];
  readonly hosts: Map<string, Host>;
}

export async function buildTopology(specs: readonly SiteSpec[]): Promise<Topology> {
  const inet = await Namespace.create(`${LAB_PREFIX}-inet`);
  inet.setHosts(HOSTS_ENTRIES);
  await inet.ip('link', 'add', BRIDGE, 'type', 'bridge');
  await inet.ip('link', 'set', BRIDGE, 'up');
  await inet.ip('addr', 'add', `${SERVER_ADDRESS}/24`, 'dev', BRIDGE);
  await inet.ip('addr', 'add', `${EDGE_ADDRESS}/24`, 'dev', BRIDGE);
  await inet.ip('addr', 'add', `${SERVER_ADDRESS6}/64`, 'dev', BRIDGE);
  // The internet namespace is also the IPv6 core router between the sites' prefixes.
  await inet.sysctl('net.ipv6.conf.all.forwarding=1');
  const sites: Site[] = [];
  const hosts = new Map<string, Host>();
  for (const [i, spec] of specs.entries()) {
    const site = await buildSite(inet, spec, i + 1);
    sites.push(site);
    for (const host of site.hosts) hosts.set(host.name, host);
  }
  return { inet, sites, hosts };
}

async function buildSite(inet: Namespace, spec: SiteSpec, index: number): Promise<Site> {
  switch (spec.kind) {
    case 'public':
      return publicSite(inet, spec, index);
    case 'cone':
    case 'symmetric':
    case 'udp-blocked':
    case 'guest-wifi':
      return routedSite(inet, spec, index, {
        nat: spec.kind === 'guest-wifi' ? 'cone' : spec.kind,
      });
    case 'corporate':
      return routedSite(inet, spec, index, { nat: 'web-only' });
    case 'dual-stack':
      return routedSite(inet, spec, index, { nat: 'cone', lan6: `2001:db8:${String(index)}::` });
    case 'ipv6-only':
      return routedSite(inet, spec, index, { nat: null, lan6: `3fff:${String(index)}::` });
    case 'cgnat':
      return carrierSite(inet, spec, index);
  }
}

/** A new veth from `from` (port name `port`, enslaved to `bridge`) to `name` inside `into`. */
async function plug(
  from: Namespace,
  bridge: string,
  port: string,
  into: Namespace,
  name: string,
): Promise<void> {
  await from.ip('link', 'add', port, 'type', 'veth', 'peer', 'name', name, 'netns', into.name);
  await from.ip('link', 'set', port, 'master', bridge, 'up');
  await into.ip('link', 'set', name, 'up');
}

function newHost(ns: Namespace, name: string, site: Site): Host {
  ns.setHosts(HOSTS_ENTRIES);
  return { name, ns, site, address: null, address6: null };
}

async function publicSite(inet: Namespace, spec: SiteSpec, index: number): Promise<Site> {
  const ns = await Namespace.create(`${LAB_PREFIX}-${spec.name}-h1`);
  const address = `198.18.0.${String(50 + index)}`;
  await plug(inet, BRIDGE, `${LAB_PREFIX}-p${String(index)}`, ns, 'eth0');
  await ns.ip('addr', 'add', `${address}/24`, 'dev', 'eth0');
  const site: Site = {
    name: spec.name,
    kind: spec.kind,
    index,
    router: null,
    wanAddress: address,
    lan4: null,
    lan6: null,
    hosts: [],
  };
  const host = newHost(ns, `${spec.name}-h1`, site);
  host.address = address;
  site.hosts.push(host);
  return site;
}

interface RouterPlan {
  /** IPv4 NAT behaviour, or null for a router without IPv4. */
  readonly nat: NatBehaviour | null;
  /** Routed IPv6 /64 for the LAN, behind a stateful firewall. */
  readonly lan6?: string;
}

/** A router on the internet bridge, with its LAN and hosts. */
async function routedSite(
  inet: Namespace,
  spec: SiteSpec,
  index: number,
  plan: RouterPlan,
): Promise<Site> {
  const router = await Namespace.create(`${LAB_PREFIX}-${spec.name}-r`);
  await plug(inet, BRIDGE, `${LAB_PREFIX}-w${String(index)}`, router, 'wan0');
  const wanAddress = plan.nat === null ? null : `198.18.0.${String(20 + index)}`;
  if (wanAddress !== null) await router.ip('addr', 'add', `${wanAddress}/24`, 'dev', 'wan0');
  if (plan.lan6 !== undefined) {
    const wan6 = `2001:db8::${String(20 + index)}`;
    await router.ip('addr', 'add', `${wan6}/64`, 'dev', 'wan0');
    await router.ip('-6', 'route', 'add', 'default', 'via', SERVER_ADDRESS6);
    await inet.ip('-6', 'route', 'add', `${plan.lan6}/64`, 'via', wan6);
  }
  return finishSite(router, spec, index, {
    wanAddress,
    lan4: plan.nat === null ? null : `198.19.${String(index)}`,
    nat: plan.nat,
    lan6: plan.lan6 ?? null,
  });
}

/**
 * Carrier-grade NAT: the carrier's router on the internet bridge NATs its subscribers'
 * network (198.19.<100 + site>.0/24, standing in for 100.64.0.0/10), where the home router
 * sits and NATs the home LAN again.
 */
async function carrierSite(inet: Namespace, spec: SiteSpec, index: number): Promise<Site> {
  const carrier = await Namespace.create(`${LAB_PREFIX}-${spec.name}-c`);
  await plug(inet, BRIDGE, `${LAB_PREFIX}-w${String(index)}`, carrier, 'wan0');
  const wanAddress = `198.18.0.${String(20 + index)}`;
  await carrier.ip('addr', 'add', `${wanAddress}/24`, 'dev', 'wan0');
  const subscribers = `198.19.${String(100 + index)}`;
  await carrier.ip('link', 'add', 'cgn0', 'type', 'bridge');
  await carrier.ip('addr', 'add', `${subscribers}.1/24`, 'dev', 'cgn0');
  await carrier.ip('link', 'set', 'cgn0', 'up');
  await carrier.sysctl('net.ipv4.ip_forward=1');
  await carrier.nft(natRuleset('cone'));
  const home = await Namespace.create(`${LAB_PREFIX}-${spec.name}-r`);
  await plug(carrier, 'cgn0', 'home1', home, 'wan0');
  await home.ip('addr', 'add', `${subscribers}.2/24`, 'dev', 'wan0');
  await home.ip('route', 'add', 'default', 'via', `${subscribers}.1`);
  return finishSite(home, spec, index, {
    wanAddress,
    lan4: `198.19.${String(index)}`,
    nat: 'cone',
    lan6: null,
  });
}

async function finishSite(
  router: Namespace,
  spec: SiteSpec,
  index: number,
  net: {
    wanAddress: string | null;
    lan4: string | null;
    nat: NatBehaviour | null;
    lan6: string | null;
  },
): Promise<Site> {
  await router.ip('link', 'add', 'lan0', 'type', 'bridge');
  await router.ip('link', 'set', 'lan0', 'up');
  if (net.lan4 !== null && net.nat !== null) {
    await router.ip('addr', 'add', `${net.lan4}.1/24`, 'dev', 'lan0');
    await router.sysctl('net.ipv4.ip_forward=1');
    await router.nft(natRuleset(net.nat));
  }
  if (net.lan6 !== null) {
    await router.ip('addr', 'add', `${net.lan6}1/64`, 'dev', 'lan0');
    await router.sysctl('net.ipv6.conf.all.forwarding=1');
    await router.nft(firewall6Ruleset());
  }
  const site: Site = {
    name: spec.name,
    kind: spec.kind,
    index,
    router,
    wanAddress: net.wanAddress,
    lan4: net.lan4,
    lan6: net.lan6,
    hosts: [],
  };
  for (let h = 1; h <= spec.hosts; h++) {
    const ns = await Namespace.create(`${LAB_PREFIX}-${spec.name}-h${String(h)}`);
    const host = newHost(ns, `${spec.name}-h${String(h)}`, site);
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
  await plug(router, 'lan0', port, host.ns, 'eth0');
  // Client isolation: the access point forwards nothing from one client port to another;
  // each still reaches the router.
  if (site.kind === 'guest-wifi') {
    await router.ip('link', 'set', 'dev', port, 'type', 'bridge_slave', 'isolated', 'on');
  }
  host.site = site;
  host.address = site.lan4 === null ? null : `${site.lan4}.${String(hostByte)}`;
  host.address6 = site.lan6 === null ? null : `${site.lan6}${String(hostByte)}`;
  if (host.address !== null && site.lan4 !== null) {
    await host.ns.ip('addr', 'add', `${host.address}/24`, 'dev', 'eth0');
    await host.ns.ip('route', 'add', 'default', 'via', `${site.lan4}.1`);
  }
  if (host.address6 !== null && site.lan6 !== null) {
    await host.ns.ip('addr', 'add', `${host.address6}/64`, 'dev', 'eth0');
    await host.ns.ip('-6', 'route', 'add', 'default', 'via', `${site.lan6}1`);
  }
}

/** Moves a host behind another site's NAT, as a laptop moving to another network would. */
export async function moveHost(host: Host, to: Site, hostByte: number): Promise<void> {
  await host.ns.ip('link', 'del', 'eth0');
  await attachToLan(host, to, hostByte);
}
