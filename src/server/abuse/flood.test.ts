import { afterEach, describe, expect, it } from 'vitest';
import { reportFigure, startLoggedServer } from '../test-support/abuse.js';
import { TestClient } from '../test-support/test-client.js';
import type { RunningServer } from '../test-support/test-server.js';

// Floods from several connections at once while two honest members keep talking: the
// floods are cut, each logged once, and the honest pair loses nothing.

const FLOODERS = 4;
const FRAMES_EACH = 5000;
const HONEST_SIGNALS = 150;

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('floods beside an honest conversation', () => {
  it('cuts every flooder, logs each once, and loses no honest signal', async () => {
    const logged = await startLoggedServer({});
    const server = logged.running;
    running = server;
    const ann = await server.member('talk', 'Ann');
    const bob = await server.member('talk', 'Bob');
    const victim = await server.member('flood', 'Victim');
    const flooders: TestClient[] = [];
    for (let i = 0; i < FLOODERS; i++) {
      const client = await TestClient.connect(server.wsUrl, {
        localAddress: `127.0.0.${String(10 + i)}`,
      });
      await client.join('flood', `Flooder ${String(i)}`);
      flooders.push(client);
    }
    const started = Date.now();
    const closedAfter = flooders.map((client) => client.closed.then(() => Date.now() - started));
    const flood = JSON.stringify({ type: 'signal', to: victim.id, data: { candidate: null } });
    for (let n = 0; n < FRAMES_EACH; n++) {
      for (const client of flooders) if (!client.isClosed) client.sendRaw(flood);
      // Honest signals ride along, paced like a real client (well under the rate limit).
      if (n % 100 === 0 && n / 100 < HONEST_SIGNALS / 3) {
        for (let k = 0; k < 3; k++) {
          const tag = String(n / 100) + '.' + String(k);
          ann.client.send({ type: 'signal', to: bob.id, data: candidateTagged(tag) });
        }
      }
      if (n % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const cutAfter = await Promise.all(closedAfter);
    await bob.client.roundTrip();
    const received = bob.client.all('signal').filter((signal) => signal.from === ann.id);
    const warnings = logged.lines.filter((line) => line.level >= 40);
    const figures = {
      flooders: FLOODERS,
      framesPerFlooder: FRAMES_EACH,
      msUntilCutMax: Math.max(...cutAfter),
      warningLinesPerFlooder: warnings.length / FLOODERS,
      honestSent: HONEST_SIGNALS,
      honestLost: HONEST_SIGNALS - received.length,
    };
    reportFigure('flood', figures);
    expect(figures.honestLost).toBe(0);
    expect(warnings.map((line) => line['ip']).sort()).toEqual(
      flooders.map((_, i) => `127.0.0.${String(10 + i)}`),
    );
    expect(figures.warningLinesPerFlooder).toBe(1);
  });
});

function candidateTagged(tag: string) {
  return { candidate: { candidate: `candidate:${tag}`, sdpMid: '0', sdpMLineIndex: 0 } };
}
