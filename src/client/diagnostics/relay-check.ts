import type { IceServerKind } from '../../protocol/diagnostics/ice-url.js';
import type { CandidateRow, CheckResult } from '../../protocol/diagnostics/report.js';
import { candidateRow, explainErrors, rawIceError, type RawIceError } from './rows.js';
import { measureRtt, measureThroughput, selectedPair } from './channel-metrics.js';

export interface RelayCheckOptions {
  readonly url: string;
  readonly kind: IceServerKind;
  readonly username?: string | undefined;
  readonly credential?: string | undefined;
  readonly timeoutMs: number;
  readonly throughputBytes?: number;
  /** Longest the throughput is measured (THROUGHPUT_WINDOW_MS by default). */
  readonly throughputMs?: number;
}

type Stage = 'connected' | 'no-relay' | 'timeout';

/**
 * The check the Trickle ICE page never does: two peer connections in this page, both forced
 * to relay through one TURN URL, connect and exchange data over a data channel. Measures the
 * time to connect, the round-trip time and the throughput through the relay.
 */
export async function runRelayCheck(options: RelayCheckOptions): Promise<CheckResult> {
  const server: RTCIceServer = { urls: options.url };
  if (options.username !== undefined) server.username = options.username;
  if (options.credential !== undefined) server.credential = options.credential;
  const config: RTCConfiguration = { iceServers: [server], iceTransportPolicy: 'relay' };
  const a = new RTCPeerConnection(config);
  const b = new RTCPeerConnection(config);
  const startedAt = performance.now();
  const errors: RawIceError[] = [];
  const relays: CandidateRow[] = [];
  const gatheringDone = [false, false];
  let settle: ((stage: Stage) => void) | null = null;
  const outcome = new Promise<Stage>((resolve) => (settle = resolve));
  const timer = setTimeout(() => settle?.('timeout'), options.timeoutMs);
  [a, b].forEach((pc, index) => {
    const other = index === 0 ? b : a;
    pc.addEventListener('icecandidate', (event) => {
      if (event.candidate === null) {
        gatheringDone[index] = true;
        if (gatheringDone.every(Boolean) && relays.length === 0) settle?.('no-relay');
        return;
      }
      const row = candidateRow(event.candidate, performance.now() - startedAt);
      if (row?.type === 'relay') relays.push(row);
      other.addIceCandidate(event.candidate).catch(() => undefined);
    });
    pc.addEventListener('icecandidateerror', (event) => {
      errors.push(rawIceError(event, performance.now() - startedAt));
    });
  });
  try {
    const channel = a.createDataChannel('doctor');
    const remote = new Promise<RTCDataChannel>((resolve) => {
      b.addEventListener('datachannel', (event) => {
        resolve(event.channel);
      });
    });
    channel.addEventListener('open', () => settle?.('connected'));
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription ?? { type: 'offer' });
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription ?? { type: 'answer' });
    const stage = await outcome;
    const connectMs = Math.round(performance.now() - startedAt);
    const explained = explainErrors(errors, relays);
    if (stage !== 'connected') return failed(options, explained, relays, stage);
    const far = await remote;
    far.addEventListener('message', (event: MessageEvent<string | ArrayBuffer>) => {
      if (typeof event.data === 'string') far.send(event.data);
    });
    const rttMs = await measureRtt(channel, 5);
    const throughputMbps = await measureThroughput(
      channel,
      far,
      options.throughputBytes ?? 1 << 20,
      options.throughputMs,
    );
    const pair = await selectedPair(a);
    const bothRelay =
      pair.local?.candidateType === 'relay' && pair.remote?.candidateType === 'relay';
    return {
      kind: options.kind,
      url: options.url,
      outcome: bothRelay ? 'works' : 'fails',
      reason: bothRelay
        ? null
        : 'connected, but not through the relay (the selected pair is not relay on both ends)',
      address: pair.local?.address ?? null,
      connectMs,
      rttMs,
      throughputMbps,
      localCandidateType: pair.local?.candidateType ?? null,
      remoteCandidateType: pair.remote?.candidateType ?? null,
      relayProtocol: pair.local?.relayProtocol ?? null,
      errors: explained,
    };
  } finally {
    clearTimeout(timer);
    a.close();
    b.close();
  }
}

function failed(
  options: RelayCheckOptions,
  errors: CheckResult['errors'],
  relays: readonly CandidateRow[],
  stage: Exclude<Stage, 'connected'>,
): CheckResult {
  const fatal =
    errors.find((e) => e.severity === 'fatal') ?? errors.find((e) => e.severity === 'warning');
  const seconds = String(options.timeoutMs / 1000);
  const reason =
    relays.length > 0
      ? `relay candidates were allocated but no data flowed between them within ${seconds} s: the server probably denies relaying to its own address (set allowed-peer-ip=<relay address>) or a firewall blocks its relay ports`
      : (fatal?.explanation ??
        (stage === 'timeout'
          ? `no relay candidate within ${seconds} s: the server could not be reached or did not answer in time (701)`
          : 'no relay candidate: check the URL, the realm and the credentials'));
  return {
    kind: options.kind,
    url: options.url,
    outcome: 'fails',
    reason,
    address: relays[0]?.address ?? null,
    connectMs: null,
    rttMs: null,
    throughputMbps: null,
    localCandidateType: null,
    remoteCandidateType: null,
    relayProtocol: null,
    errors,
  };
}
