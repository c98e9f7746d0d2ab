import {
  DOCTOR_TOKEN_PATH,
  ICE_SERVERS_PATH,
  iceServersResponseSchema,
} from '../../src/protocol/diagnostics/ice-servers-response.js';
import { expect, test } from './lab-fixture.js';
import { recordResult } from './matrix-report.js';
import { LAB_NAMES } from './lab-addresses.js';

interface Gathered {
  readonly relays: number;
  readonly errors: string[];
}

// The corporate site's calls depend on TURN over TLS on 443. Chromium checks the TURN
// server's certificate like any other: the lab's browsers trust the lab CA (an NSS database
// in their HOME), no certificate check is switched off, so the same server under a name the
// certificate does not carry must be refused.
test('TURN over TLS from the corporate site: the certificate is checked, a wrong name is refused', async ({
  lab,
}) => {
  const browser = await lab.browser(lab.host('corp-h1'));
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${lab.services.edge}/examples/minimal.html`);
    // As the doctor page does: a short-lived doctor token first, then the ICE servers for it.
    const response = iceServersResponseSchema.parse(
      await page.evaluate(
        async ({ tokenPath, icePath }) => {
          const { token } = (await (await fetch(tokenPath)).json()) as { token: string };
          const headers = { authorization: `Bearer ${token}` };
          return (await fetch(icePath, { headers })).json() as unknown;
        },
        { tokenPath: DOCTOR_TOKEN_PATH, icePath: ICE_SERVERS_PATH },
      ),
    );
    const turns = response.iceServers.find((s) =>
      [s.urls].flat().some((url) => url.startsWith('turns:')),
    );
    if (turns === undefined) throw new Error('the edge server hands out no turns: URL');
    const gather = (name: string): Promise<Gathered> =>
      page.evaluate(
        async ({ url, username, credential }) => {
          const pc = new RTCPeerConnection({
            iceServers: [{ urls: url, username, credential }],
            iceTransportPolicy: 'relay',
          });
          const result = { relays: 0, errors: [] as string[] };
          pc.addEventListener('icecandidate', (event) => {
            if (event.candidate?.type === 'relay') result.relays += 1;
          });
          pc.addEventListener('icecandidateerror', (event) => {
            result.errors.push(`${String(event.errorCode)} ${event.errorText}`);
          });
          const complete = new Promise<void>((resolve) => {
            pc.addEventListener('icegatheringstatechange', () => {
              if (pc.iceGatheringState === 'complete') resolve();
            });
          });
          pc.addTransceiver('audio');
          await pc.setLocalDescription();
          await complete;
          pc.close();
          return result;
        },
        {
          url: `turns:${name}:443?transport=tcp`,
          username: turns.username ?? '',
          credential: turns.credential ?? '',
        },
      );
    const trusted = await gather(LAB_NAMES.edge);
    const wrongName = await gather(LAB_NAMES.wrongName);
    recordResult({ kind: 'turns-certificate', trusted, wrongName });
    expect(trusted.relays).toBeGreaterThan(0);
    expect(wrongName.relays).toBe(0);
  } finally {
    await context.close();
  }
});
