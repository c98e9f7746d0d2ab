// The nftables rules of the lab's routers: what makes a site a cone NAT, a symmetric NAT, a
// firewall that blocks UDP or allows only web ports, or an IPv6 firewall without NAT.

/** What a NAT router does to outgoing traffic (see topology.ts for the sites). */
export type NatBehaviour = 'cone' | 'symmetric' | 'udp-blocked' | 'web-only';

/**
 * An IPv4 NAT router's rules. Unsolicited packets arriving on the WAN side are dropped in
 * `input` before conntrack confirms them, so they never take the port a LAN host's outgoing
 * flow needs: that keeps the cone NAT's mapping endpoint-independent during hole punching.
 * Linux NAT does not hairpin: a packet from the LAN to the router's own public address and a
 * port mapped for another LAN host is not translated back in (it dies in `input`).
 */
export function natRuleset(behaviour: NatBehaviour): string {
  const masquerade = behaviour === 'symmetric' ? 'masquerade random' : 'masquerade';
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
${egressRules(behaviour)}  }
}
`;
}

function egressRules(behaviour: NatBehaviour): string {
  switch (behaviour) {
    case 'cone':
    case 'symmetric':
      return '';
    case 'udp-blocked':
      return '    iifname != "wan0" meta l4proto udp drop\n';
    case 'web-only':
      // A corporate egress filter: nothing leaves but new TCP connections to ports 80 and
      // 443 (and what belongs to them). Dropped, not rejected: clients wait for timeouts.
      return [
        '    ct state established,related accept',
        '    oifname "wan0" tcp dport { 80, 443 } accept',
        '    oifname "wan0" drop',
        '',
      ].join('\n');
  }
}

/**
 * An IPv6 router's rules: no NAT (every host has its own global address), but the stateful
 * firewall of home and mobile routers: nothing from outside opens a connection in. UDP hole
 * punching still works, as both sides send first. ICMPv6 (neighbour discovery) passes.
 */
export function firewall6Ruleset(): string {
  return `table ip6 lab_fw6 {
  chain input {
    type filter hook input priority 0;
    iifname "wan0" meta l4proto { tcp, udp } ct state new drop
  }
  chain forward {
    type filter hook forward priority 0;
    iifname "wan0" meta l4proto { tcp, udp } ct state new drop
  }
}
`;
}
