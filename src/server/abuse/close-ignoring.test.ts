import { afterEach, describe, expect, it } from 'vitest';
import { reportFigure, startLoggedServer } from '../test-support/abuse.js';
import { RawWebSocket } from '../test-support/raw-websocket.js';
import type { RunningServer } from '../test-support/test-server.js';

// A client that floods, is judged abusive, and ignores the close frame: it keeps writing
// for up to 3 s. The server must cut it at once, read nothing more from it, relay nothing
// more of it, and log it once (issue 14, item 1).

const ATTACKER = '127.0.0.2';
const FLOOD_MS = 3000;

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('a flooding client that ignores the close frame', () => {
  it('is terminated at once, logged once, and nothing it sends afterwards is relayed', async () => {
    const logged = await startLoggedServer({});
    running = logged.running;
    const target = await running.member('flood', 'Target');
    const attacker = await RawWebSocket.open({
      port: running.server.address().port,
      localAddress: ATTACKER,
    });
    attacker.sendText(JSON.stringify({ type: 'join', v: 3, room: 'flood', name: 'Mallory' }));
    const welcome = JSON.parse(await attacker.waitForText((t) => t.includes('"welcome"'))) as {
      self: { id: string };
    };
    const arrivals: number[] = [];
    target.client.socket.on('message', () => arrivals.push(Date.now()));
    const signal = JSON.stringify({ type: 'signal', to: target.id, data: { candidate: null } });

    // Write as fast as the socket takes it, whatever comes back, until 3 s have passed.
    const started = Date.now();
    let written = 0;
    while (Date.now() - started < FLOOD_MS && !attacker.isClosed) {
      for (let i = 0; i < 200; i++) if (attacker.sendText(signal)) written++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const closedAt = await attacker.closedAt;
    const decision = logged.lines.find((line) => line.msg === 'abusive connection terminated');
    expect(decision).toBeDefined();
    const decidedAt = Number(decision?.['time']);
    await target.client.roundTrip();

    const aboutAttacker = logged.lines.filter(
      (line) => line['ip'] === ATTACKER || line['peer'] === welcome.self.id,
    );
    const warnings = logged.lines.filter((line) => line.level >= 40);
    // Relayed after the decision: anything reaching the target later than the frames that
    // were already on their way (a generous 100 ms on loopback).
    const relayedAfter = arrivals.filter((at) => at > decidedAt + 100).length;
    const figures = {
      framesWritten: written,
      msUntilCut: closedAt - decidedAt,
      logLinesForConnection: aboutAttacker.length,
      warningLines: warnings.length,
      relayedAfterDecision: relayedAfter,
      relayedInTotal: target.client.all('signal').length,
    };
    reportFigure('close-ignoring flooder', figures);
    expect(figures.msUntilCut).toBeLessThan(500);
    expect(figures.warningLines).toBe(1);
    // The decision, and the member's departure (joined/left are info lines).
    expect(figures.logLinesForConnection).toBeLessThanOrEqual(3);
    expect(figures.relayedAfterDecision).toBe(0);
    // The place was given up: the target was told at once.
    expect(target.client.all('peer-left')).toEqual([{ type: 'peer-left', id: welcome.self.id }]);
  });
});
