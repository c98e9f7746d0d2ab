/**
 * Peer address ranges a TURN relay must never send to (SSRF through TURN): private,
 * loopback, link-local (cloud metadata at 169.254.169.254), CGNAT, benchmarking,
 * documentation, multicast/reserved and the IPv6 forms that embed IPv4 addresses. In coturn's
 * range syntax (`first-last`; it takes no CIDR). deploy/coturn/turnserver.conf carries the
 * same list (a test keeps them equal), and `confab turn` writes it into its generated config.
 */
export const DENIED_PEER_RANGES: readonly { range: string; why: string }[] = [
  { range: '0.0.0.0-0.255.255.255', why: '"this network"; 0.0.0.0 reaches the host itself' },
  { range: '10.0.0.0-10.255.255.255', why: 'private (RFC 1918)' },
  { range: '100.64.0.0-100.127.255.255', why: 'carrier-grade NAT (RFC 6598)' },
  { range: '127.0.0.0-127.255.255.255', why: 'loopback' },
  { range: '169.254.0.0-169.254.255.255', why: 'link-local, incl. cloud metadata 169.254.169.254' },
  { range: '172.16.0.0-172.31.255.255', why: 'private (RFC 1918)' },
  { range: '192.0.0.0-192.0.0.255', why: 'IETF protocol assignments' },
  { range: '192.0.2.0-192.0.2.255', why: 'documentation (TEST-NET-1)' },
  { range: '192.88.99.0-192.88.99.255', why: '6to4 relay anycast' },
  { range: '192.168.0.0-192.168.255.255', why: 'private (RFC 1918)' },
  { range: '198.18.0.0-198.19.255.255', why: 'benchmarking (RFC 2544)' },
  { range: '198.51.100.0-198.51.100.255', why: 'documentation (TEST-NET-2)' },
  { range: '203.0.113.0-203.0.113.255', why: 'documentation (TEST-NET-3)' },
  { range: '224.0.0.0-239.255.255.255', why: 'multicast (also no-multicast-peers)' },
  { range: '240.0.0.0-255.255.255.255', why: 'reserved and broadcast' },
  { range: '::1', why: 'IPv6 loopback' },
  { range: '::-::ffff:ffff', why: 'IPv4-compatible IPv6 (::a.b.c.d)' },
  { range: '64:ff9b::-64:ff9b::ffff:ffff', why: 'NAT64 (IPv4 inside IPv6)' },
  { range: '::ffff:0.0.0.0-::ffff:255.255.255.255', why: 'IPv4-mapped IPv6 (::ffff:a.b.c.d)' },
  { range: '100::-100::ffff:ffff:ffff:ffff', why: 'IPv6 discard-only' },
  {
    range: '2001::-2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff',
    why: 'IETF protocol assignments (Teredo)',
  },
  { range: '2002::-2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff', why: '6to4 (IPv4 inside IPv6)' },
  { range: 'fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', why: 'IPv6 unique local (private)' },
  { range: 'fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', why: 'IPv6 link-local' },
];
