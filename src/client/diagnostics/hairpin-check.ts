import { candidateRow } from './rows.js';

/**
 * How long the two connections get once they know each other's public address. A NAT that
 * hairpins connects them in milliseconds (both are on this device, the path goes no further
 * than the router); the wait only bounds the "does not hairpin" answer.
 */
export const HAIRPIN_WAIT_MS = 1500;

export interface HairpinOutcome {
  /** Both connections got a public (server-reflexive) address to offer the other. */
  readonly reflexive: boolean;
  readonly connected: boolean;
}

/**
 * Can two devices behind this NAT reach each other through its public address? Two peer
 * connections on this device gather through one STUN server and are told only each other's
 * server-reflexive candidates (no host candidates), so ICE connects only if the NAT sends
 * packets to its own public address back inside (hairpinning).
 */
export async function runHairpinCheck(stunUrl: string, timeoutMs: number): Promise<HairpinOutcome> {
  const config: RTCConfiguration = { iceServers: [{ urls: stunUrl }] };
  const a = new RTCPeerConnection(config);
  const b = new RTCPeerConnection(config);
  const reflexive = [false, false];
  let settle: ((connected: boolean) => void) | null = null;
  const connected = new Promise<boolean>((resolve) => (settle = resolve));
  const gathered = [false, false];
  // Candidates for the other side, held until it has the offer or answer they belong to.
  const pending: RTCIceCandidate[][] = [[], []];
  let negotiated = false;
  const deliver = (to: RTCPeerConnection, candidate: RTCIceCandidate): void => {
    to.addIceCandidate(candidate).catch(() => undefined);
  };
  const timers: ReturnType<typeof setTimeout>[] = [];
  // No public address on both sides within the check's time: nothing to try.
  timers.push(
    setTimeout(() => {
      if (!reflexive.every(Boolean)) settle?.(false);
    }, timeoutMs),
  );
  [a, b].forEach((pc, index) => {
    const other = index === 0 ? b : a;
    pc.addEventListener('icecandidate', (event) => {
      if (event.candidate === null) {
        gathered[index] = true;
        // Gathered, and one side has nothing to offer: there is nothing to try.
        if (gathered.every(Boolean) && !reflexive.every(Boolean)) settle?.(false);
        return;
      }
      if (candidateRow(event.candidate, 0)?.type !== 'srflx') return;
      reflexive[index] = true;
      if (reflexive.every(Boolean) && timers.length === 1)
        timers.push(setTimeout(() => settle?.(false), HAIRPIN_WAIT_MS));
      if (negotiated) deliver(other, event.candidate);
      else pending[index]?.push(event.candidate);
    });
  });
  // A connectivity check that got through is the proof; no need to wait for DTLS on top.
  a.addEventListener('iceconnectionstatechange', () => {
    if (a.iceConnectionState === 'connected' || a.iceConnectionState === 'completed')
      settle?.(true);
  });
  try {
    a.createDataChannel('hairpin');
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription ?? { type: 'offer' });
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription ?? { type: 'answer' });
    negotiated = true;
    for (const candidate of pending[0]?.splice(0) ?? []) deliver(b, candidate);
    for (const candidate of pending[1]?.splice(0) ?? []) deliver(a, candidate);
    const opened = await connected;
    return { reflexive: reflexive.every(Boolean), connected: opened };
  } finally {
    for (const timer of timers) clearTimeout(timer);
    a.close();
    b.close();
  }
}
