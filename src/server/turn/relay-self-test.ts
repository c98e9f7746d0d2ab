import { parseIceUrl } from '../../protocol/diagnostics/ice-url.js';
import { explainTurnFailure } from '../../protocol/diagnostics/explanations.js';
import type { StunAddress } from './stun-attributes.js';
import { TurnClient, TurnError, type TurnCredentialsInput } from './turn-client.js';
import type { TurnTransportKind } from './turn-transport.js';

export interface RelayTestResult {
  readonly url: string;
  readonly outcome: 'works' | 'fails';
  /** Failure code (TurnErrorCode) or null when it works. */
  readonly code: string | null;
  /** STUN ERROR-CODE from the server (401, 403, ...), when one explains the failure. */
  readonly stunCode: number | null;
  /** One sentence for people (and logs). */
  readonly detail: string;
  /** Round trip relay A → relay B → relay A, median of the echoes. */
  readonly rttMs: number | null;
  readonly relayedAddress: string | null;
}

export interface RelayTestOptions {
  /** Per request and for the whole data exchange. */
  readonly timeoutMs?: number;
  readonly pings?: number;
  /** Extra trusted CA (PEM) for turns: URLs; by default the system's CAs. */
  readonly tlsCa?: string;
}

/**
 * Proves a TURN server relays: two allocations on it, permissions for each other's relayed
 * address, then data relay-to-relay and back. This is what two browsers both stuck behind
 * strict NATs need, and it catches coturn denying its own relay address (403).
 */
export async function runRelaySelfTest(
  url: string,
  credentials: TurnCredentialsInput,
  options: RelayTestOptions = {},
): Promise<RelayTestResult> {
  const parsed = parseIceUrl(url);
  if (!parsed.ok || (parsed.value.scheme !== 'turn' && parsed.value.scheme !== 'turns')) {
    return fail(url, 'bad-url', null, parsed.ok ? 'not a turn: or turns: URL' : parsed.error);
  }
  const { host, port, transport, scheme } = parsed.value;
  const kind: TurnTransportKind = scheme === 'turns' ? 'tls' : transport;
  const timeoutMs = options.timeoutMs ?? 5000;
  const clients: TurnClient[] = [];
  try {
    const address = {
      host,
      port,
      transport: kind,
      ...(options.tlsCa === undefined ? {} : { ca: options.tlsCa }),
    };
    const [a, b] = await Promise.all([
      TurnClient.connect(address, timeoutMs),
      TurnClient.connect(address, timeoutMs),
    ]);
    clients.push(a, b);
    const [allocA, allocB] = await Promise.all([a.allocate(credentials), b.allocate(credentials)]);
    await Promise.all([a.createPermission(allocB.relayed), b.createPermission(allocA.relayed)]);
    b.onData((from, data) => {
      b.sendTo(from, data);
    });
    const rtts: number[] = [];
    for (let i = 0; i < (options.pings ?? 3); i++) {
      rtts.push(await echo(a, allocB.relayed, timeoutMs));
    }
    rtts.sort((x, y) => x - y);
    const rttMs = Math.round((rtts[Math.floor(rtts.length / 2)] ?? 0) * 10) / 10;
    const relayed = `${allocA.relayed.address}:${String(allocA.relayed.port)}`;
    return {
      url,
      outcome: 'works',
      code: null,
      stunCode: null,
      detail: `relays data relay-to-relay (relay address ${relayed}), RTT ${String(rttMs)} ms`,
      rttMs,
      relayedAddress: relayed,
    };
  } catch (error) {
    if (error instanceof TurnError) return fail(url, error.code, error.stunCode, error.message);
    return fail(url, 'unreachable', null, error instanceof Error ? error.message : String(error));
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
}

/** Sends a numbered probe every 200 ms (UDP may drop one) until it comes back. */
async function echo(client: TurnClient, peer: StunAddress, timeoutMs: number): Promise<number> {
  const token = Buffer.from(`confab-self-test-${String(Math.random())}`);
  const startedAt = performance.now();
  return new Promise<number>((resolve, reject) => {
    let done = false;
    const finish = (): void => {
      done = true;
      clearInterval(resend);
      clearTimeout(timer);
    };
    client.onData((_from, data) => {
      if (done || !data.equals(token)) return;
      finish();
      resolve(performance.now() - startedAt);
    });
    const resend = setInterval(() => {
      client.sendTo(peer, token);
    }, 200);
    const timer = setTimeout(() => {
      finish();
      reject(
        new TurnError(
          'timeout',
          `no data came back through the relay within ${String(timeoutMs)} ms`,
        ),
      );
    }, timeoutMs);
    client.sendTo(peer, token);
  });
}

function fail(
  url: string,
  code: string,
  stunCode: number | null,
  message: string,
): RelayTestResult {
  return {
    url,
    outcome: 'fails',
    code,
    stunCode,
    detail: `${explainTurnFailure(code, stunCode)} (${message})`,
    rttMs: null,
    relayedAddress: null,
  };
}
