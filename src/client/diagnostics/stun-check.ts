import type { CheckResult } from '../../protocol/diagnostics/report.js';
import { gatherCandidates } from './gather.js';
import { explainErrors, serverKey } from './rows.js';

/**
 * STUN works when the server gave a server-reflexive candidate, or when gathering finished
 * without an error for it (Chromium drops a srflx equal to the host address: no NAT).
 */
export async function runStunCheck(url: string, timeoutMs: number): Promise<CheckResult> {
  const gathered = await gatherCandidates({
    iceServers: [{ urls: url }],
    policy: 'all',
    timeoutMs,
  });
  const errors = explainErrors(gathered.errors, gathered.candidates);
  const srflx = gathered.candidates.find(
    (c) => c.type === 'srflx' && serverKey(c.url) === serverKey(url),
  );
  const fatal = errors.find((e) => e.severity === 'fatal');
  const works = srflx !== undefined || (gathered.complete && fatal === undefined);
  return {
    kind: 'stun',
    url,
    outcome: works ? 'works' : 'fails',
    reason: works
      ? null
      : (fatal?.explanation ??
        `no answer within ${String(timeoutMs / 1000)} s: the server could not be reached or did not answer in time (701)`),
    address: srflx === undefined ? null : srflx.address,
    connectMs: srflx === undefined ? null : srflx.timeMs,
    rttMs: null,
    throughputMbps: null,
    localCandidateType: srflx === undefined ? null : 'srflx',
    remoteCandidateType: null,
    relayProtocol: null,
    errors,
  };
}
