import { afterEach, describe, expect, it } from 'vitest';
import { reportFigure } from '../test-support/abuse.js';
import { TestClient } from '../test-support/test-client.js';
import { startTestServer, type RunningServer } from '../test-support/test-server.js';

// One client behind the shipped nginx setup (--trust-proxy) writes its own X-Forwarded-For
// on every upgrade. nginx appends the address it saw; the server must count that one, not
// the client's invention (issue 14, item 2). Here the test plays nginx: "<spoof>, <real>".

const SOCKETS = 100;
const CAP = 5;
const REAL = '198.51.100.7';

let running: RunningServer | undefined;
const opened: TestClient[] = [];
afterEach(async () => {
  for (const client of opened.splice(0)) client.drop();
  await running?.stop();
  running = undefined;
});

async function admittedOf(url: string, forwardedFor: (i: number) => string): Promise<number> {
  let admitted = 0;
  for (let i = 0; i < SOCKETS; i++) {
    const client = await TestClient.connect(url, {
      headers: { 'x-forwarded-for': forwardedFor(i) },
    }).catch((error: unknown) => {
      expect(String(error)).toMatch(/429|socket hang up/);
      return null;
    });
    if (client !== null) {
      opened.push(client);
      admitted++;
    }
  }
  return admitted;
}

const spoof = (i: number): string => `203.0.113.${String(i % 250)}`;

describe('spoofed X-Forwarded-For', () => {
  it('behind a trusted proxy, counts the address the proxy saw, not what the client wrote', async () => {
    running = await startTestServer({ trustProxy: true, maxConnectionsPerIp: CAP });
    const oneHop = await admittedOf(running.wsUrl, (i) => `${spoof(i)}, ${REAL}`);
    for (const client of opened.splice(0)) client.drop();
    await running.stop();

    // Two proxies (a CDN, then nginx): the client is second from the right.
    running = await startTestServer({ trustProxy: true, proxyHops: 2, maxConnectionsPerIp: CAP });
    const twoHops = await admittedOf(running.wsUrl, (i) => `${spoof(i)}, ${REAL}, 192.0.2.1`);
    for (const client of opened.splice(0)) client.drop();
    await running.stop();

    // Without --trust-proxy the header means nothing at all.
    running = await startTestServer({ maxConnectionsPerIp: CAP });
    const direct = await admittedOf(running.wsUrl, spoof);

    const figures = { spoofedSockets: SOCKETS, cap: CAP, admitted: { oneHop, twoHops, direct } };
    reportFigure('spoofed forwarding headers', figures);
    expect(figures.admitted).toEqual({ oneHop: CAP, twoHops: CAP, direct: CAP });
  });
});
