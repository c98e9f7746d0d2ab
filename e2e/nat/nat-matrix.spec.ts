import { placeCall, type CallResult, type PairView, type Path } from './call.js';
import { expect, test, type Lab } from './lab-fixture.js';
import type { LabServices } from './lab-services.js';
import { recordResult } from './matrix-report.js';

/** What a call must do: the path ICE selects, and where it matters, family and relay transport. */
interface Expectation {
  readonly path: Path | readonly Path[];
  /** Address family of a's selected candidate. */
  readonly family?: PairView['family'];
  /** How a reaches the TURN server when relayed. */
  readonly relayProtocol?: 'udp' | 'tcp' | 'tls';
}

type ServerName = Exclude<keyof LabServices, 'origins' | 'stop'>;

interface Pairing {
  readonly label: string;
  readonly a: string;
  readonly b: string;
  /** The confab server both join: its ICE servers with TURN, and without (STUN only). */
  readonly via: { readonly turn: ServerName; readonly stunOnly: ServerName | null };
  readonly withTurn: Expectation;
  /** null: not run without TURN (nothing to learn, or no server without TURN for the site). */
  readonly withoutTurn: Expectation | null;
}

const V4 = { turn: 'withTurn', stunOnly: 'stunOnly' } as const;
const DUAL = { turn: 'dualStack', stunOnly: 'dualStackStunOnly' } as const;

const PAIRINGS: readonly Pairing[] = [
  {
    label: 'same LAN (behind one cone NAT)',
    a: 'lan-h1',
    b: 'lan-h2',
    via: V4,
    withTurn: { path: 'host' },
    withoutTurn: { path: 'host' },
  },
  {
    label: 'public ↔ cone NAT',
    a: 'pub-h1',
    b: 'cone-h1',
    via: V4,
    withTurn: { path: 'reflexive' },
    withoutTurn: { path: 'reflexive' },
  },
  {
    label: 'cone ↔ cone',
    a: 'lan-h1',
    b: 'cone-h1',
    via: V4,
    withTurn: { path: 'reflexive' },
    withoutTurn: { path: 'reflexive' },
  },
  {
    label: 'cone ↔ symmetric',
    a: 'cone-h1',
    b: 'syma-h1',
    via: V4,
    withTurn: { path: 'relay' },
    // A port-restricted cone NAT facing a symmetric one: hole punching may or may not work.
    withoutTurn: { path: ['reflexive', 'fails'] },
  },
  {
    label: 'symmetric ↔ symmetric',
    a: 'syma-h1',
    b: 'symb-h1',
    via: V4,
    withTurn: { path: 'relay' },
    withoutTurn: { path: 'fails' },
  },
  {
    label: 'UDP-blocked ↔ cone',
    a: 'udp-h1',
    b: 'cone-h1',
    via: V4,
    withTurn: { path: 'relay', relayProtocol: 'tcp' },
    withoutTurn: { path: 'fails' },
  },
  {
    label: 'carrier-grade NAT (double NAT) ↔ cone',
    a: 'cgn-h1',
    b: 'cone-h1',
    via: V4,
    // Two endpoint-independent NATs in a row still keep one public port per socket.
    withTurn: { path: 'reflexive' },
    withoutTurn: { path: 'reflexive' },
  },
  {
    label: 'carrier-grade NAT ↔ symmetric',
    a: 'cgn-h1',
    b: 'syma-h1',
    via: V4,
    withTurn: { path: 'relay' },
    withoutTurn: null,
  },
  {
    label: 'corporate (only TCP 80/443 out) ↔ cone, TURN over TLS on 443',
    a: 'corp-h1',
    b: 'cone-h1',
    // The edge server: `confab serve --with-turn` on port 80, TURN over TLS on 443.
    via: { turn: 'edge', stunOnly: null },
    withTurn: { path: 'relay', relayProtocol: 'tls' },
    withoutTurn: null,
  },
  {
    label: 'guest Wi-Fi: same LAN, client isolation, no hairpin',
    a: 'guest-h1',
    b: 'guest-h2',
    via: V4,
    withTurn: { path: 'relay' },
    withoutTurn: { path: 'fails' },
  },
  {
    label: 'IPv6-only ↔ IPv4-only (cone), dual-stack TURN',
    a: 'v6-h1',
    b: 'cone-h1',
    via: DUAL,
    // The IPv6-only host reaches coturn over IPv6 and gets an IPv4 relay address.
    withTurn: { path: 'relay', family: 'IPv4', relayProtocol: 'udp' },
    withoutTurn: { path: 'fails' },
  },
  {
    label: 'dual-stack ↔ IPv6-only: host to host over IPv6',
    a: 'ds-h1',
    b: 'v6-h1',
    via: DUAL,
    withTurn: { path: 'host', family: 'IPv6' },
    withoutTurn: { path: 'host', family: 'IPv6' },
  },
  {
    label: 'dual-stack ↔ IPv4-only (cone)',
    a: 'ds-h1',
    b: 'cone-h1',
    via: DUAL,
    withTurn: { path: 'reflexive', family: 'IPv4' },
    withoutTurn: null,
  },
];

const paths = (e: Expectation): readonly Path[] => (typeof e.path === 'string' ? [e.path] : e.path);

async function call(lab: Lab, pairing: Pairing, turn: boolean): Promise<CallResult> {
  const a = lab.host(pairing.a);
  const b = lab.host(pairing.b);
  const expectation = turn ? pairing.withTurn : pairing.withoutTurn;
  const server = turn ? pairing.via.turn : pairing.via.stunOnly;
  if (expectation === null || server === null) throw new Error(`${pairing.label}: not run`);
  const result = await placeCall(
    { a: await lab.browser(a), b: await lab.browser(b) },
    { a, b },
    lab.services[server],
    {
      pairing: pairing.label,
      turn,
      expected: paths(expectation),
      expectedFamily: expectation.family ?? null,
      expectedRelayProtocol: expectation.relayProtocol ?? null,
    },
  );
  recordResult(result);
  return result;
}

function expectAsExpected(result: CallResult, expectation: Expectation): void {
  expect(paths(expectation)).toContain(result.measured);
  if (result.measured === 'fails') return;
  expect(result.mediaFlows).toBe(true);
  if (expectation.family !== undefined) expect(result.fromA?.family).toBe(expectation.family);
  if (expectation.relayProtocol !== undefined) {
    expect(result.fromA).toMatchObject({
      local: 'relay',
      relayProtocol: expectation.relayProtocol,
    });
  }
}

test.describe('NAT matrix', () => {
  for (const pairing of PAIRINGS) {
    test(`${pairing.label}, with TURN: ${paths(pairing.withTurn).join(' or ')}`, async ({
      lab,
    }) => {
      expectAsExpected(await call(lab, pairing, true), pairing.withTurn);
    });

    const withoutTurn = pairing.withoutTurn;
    if (withoutTurn === null) continue;
    test(`${pairing.label}, without TURN: ${paths(withoutTurn).join(' or ')}`, async ({ lab }) => {
      expectAsExpected(await call(lab, pairing, false), withoutTurn);
    });
  }
});
