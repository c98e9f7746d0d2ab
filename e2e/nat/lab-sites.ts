import type { SiteSpec } from './topology.js';

/** The sites of the lab: one of each kind, and LANs with two hosts. */
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
  { name: 'cgn', kind: 'cgnat', hosts: 1 },
  { name: 'corp', kind: 'corporate', hosts: 1 },
  { name: 'guest', kind: 'guest-wifi', hosts: 2 },
  { name: 'ds', kind: 'dual-stack', hosts: 1 },
  { name: 'v6', kind: 'ipv6-only', hosts: 1 },
];
