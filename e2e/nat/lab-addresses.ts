// The lab's well-known public addresses and host names.

export const SERVER_ADDRESS = '198.18.0.10';
/** A second public address of the internet namespace: the corporate-friendly edge server. */
export const EDGE_ADDRESS = '198.18.0.11';
export const SERVER_ADDRESS6 = '2001:db8::10';

/** Host names every lab namespace resolves through its own /etc/hosts. */
export const LAB_NAMES = {
  /** The dual-stack coturn and meeting server (A and AAAA). */
  dualStack: 'turn.nat-lab.test',
  /** Meeting server and coturn with TURN over TLS on 443 (the certificate's name). */
  edge: 'edge.nat-lab.test',
  /** The edge's address under a name its certificate does not carry (the negative check). */
  wrongName: 'not-in-cert.nat-lab.test',
} as const;

/**
 * Each name also with a trailing dot: Chromium resolves ICE server names as absolute names
 * (`turn.nat-lab.test.`), and its resolver matches hosts entries literally; without the
 * dotted form it asks DNS, which the lab does not have, and falls back only after seconds.
 */
export const HOSTS_ENTRIES = [
  [SERVER_ADDRESS, LAB_NAMES.dualStack],
  [SERVER_ADDRESS6, LAB_NAMES.dualStack],
  [EDGE_ADDRESS, LAB_NAMES.edge, LAB_NAMES.wrongName],
].map(([address, ...names]) => [address ?? '', ...names.flatMap((name) => [name, `${name}.`])]);
