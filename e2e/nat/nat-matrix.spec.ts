import { placeCall, type CallResult } from './call.js';
import { expect, test, type Lab } from './lab-fixture.js';
import { recordResult } from './matrix-report.js';

interface Pairing {
  readonly label: string;
  readonly a: string;
  readonly b: string;
  /** What must happen without TURN: connect (with these local candidate types), fail, or either. */
  readonly withoutTurn: 'connects' | 'fails' | 'either';
}

const PAIRINGS: readonly Pairing[] = [
  { label: 'same LAN (behind one cone NAT)', a: 'lan-h1', b: 'lan-h2', withoutTurn: 'connects' },
  { label: 'public ↔ cone NAT', a: 'pub-h1', b: 'cone-h1', withoutTurn: 'connects' },
  { label: 'cone ↔ cone', a: 'lan-h1', b: 'cone-h1', withoutTurn: 'connects' },
  { label: 'cone ↔ symmetric', a: 'cone-h1', b: 'syma-h1', withoutTurn: 'either' },
  { label: 'symmetric ↔ symmetric', a: 'syma-h1', b: 'symb-h1', withoutTurn: 'fails' },
  { label: 'UDP-blocked ↔ cone', a: 'udp-h1', b: 'cone-h1', withoutTurn: 'fails' },
];

async function call(lab: Lab, pairing: Pairing, turn: boolean): Promise<CallResult> {
  const a = lab.host(pairing.a);
  const b = lab.host(pairing.b);
  const result = await placeCall(
    { a: await lab.browser(a), b: await lab.browser(b) },
    { a, b },
    turn ? lab.services.withTurn : lab.services.stunOnly,
    { pairing: pairing.label, turn },
  );
  recordResult(result);
  return result;
}

test.describe('NAT matrix', () => {
  for (const pairing of PAIRINGS) {
    test(`${pairing.label}, with TURN: connects and media flows`, async ({ lab }) => {
      const result = await call(lab, pairing, true);
      expect(result.connected).toBe(true);
      expect(result.mediaFlows).toBe(true);
      if (pairing.a.startsWith('udp')) {
        // The UDP-blocked side can only reach the relay over TCP.
        expect(result.fromA).toMatchObject({ local: 'relay', relayProtocol: 'tcp' });
      }
      if (pairing.a.startsWith('lan') && pairing.b.startsWith('lan')) {
        expect(result.fromA).toMatchObject({ local: 'host', remote: 'host' });
      }
    });

    test(`${pairing.label}, without TURN: ${pairing.withoutTurn}`, async ({ lab }) => {
      const result = await call(lab, pairing, false);
      if (pairing.withoutTurn === 'connects') {
        expect(result.connected).toBe(true);
        expect(result.mediaFlows).toBe(true);
        expect(result.fromA?.local).not.toBe('relay');
        if (pairing.label.startsWith('same LAN'))
          expect(result.fromA).toMatchObject({ local: 'host', remote: 'host' });
        if (pairing.label === 'cone ↔ cone')
          expect(['srflx', 'prflx']).toContain(result.fromA?.local);
      }
      if (pairing.withoutTurn === 'fails') expect(result.connected).toBe(false);
    });
  }
});
