// The physical lower bound: two RTCPeerConnections in one page, descriptions and candidates
// handed over directly (no server), with the same m-lines as a confab Peer.
import type { FloorOptions, FloorRun } from './types.js';
import type { Local } from './arms.js';

export async function floorRun(options: FloorOptions, local: Local): Promise<FloorRun> {
  const t0 = performance.now();
  const configuration: RTCConfiguration = {
    iceServers: options.iceServers,
    bundlePolicy: 'max-bundle',
    ...(options.relayOnly ? { iceTransportPolicy: 'relay' as const } : {}),
  };
  const a = new RTCPeerConnection(configuration);
  const b = new RTCPeerConnection(configuration);
  try {
    a.addEventListener('icecandidate', (e) => void (e.candidate && b.addIceCandidate(e.candidate)));
    b.addEventListener('icecandidate', (e) => void (e.candidate && a.addIceCandidate(e.candidate)));
    a.addTransceiver(local.audio ?? 'audio', { direction: 'sendrecv' });
    a.addTransceiver(local.video ?? 'video', { direction: 'sendrecv' });
    a.createDataChannel('confab', { negotiated: true, id: 0 });
    b.createDataChannel('confab', { negotiated: true, id: 0 });
    const connected = new Promise<number>((resolve) => {
      a.addEventListener('connectionstatechange', () => {
        if (a.connectionState === 'connected') resolve(performance.now() - t0);
      });
    });
    await a.setLocalDescription();
    await b.setRemoteDescription(described(a));
    for (const transceiver of b.getTransceivers()) {
      const kind = transceiver.receiver.track.kind;
      transceiver.direction = 'sendrecv';
      await transceiver.sender.replaceTrack(kind === 'audio' ? local.audio : local.video);
    }
    await b.setLocalDescription();
    await a.setRemoteDescription(described(b));
    const connectedMs = await withTimeout(connected, 20_000);
    const firstFrameMs = local.video === null ? null : await firstFrame(a, t0);
    return { connectedMs, firstFrameMs };
  } finally {
    a.close();
    b.close();
  }
}

function described(pc: RTCPeerConnection): RTCSessionDescription {
  if (pc.localDescription === null) throw new Error('no local description');
  return pc.localDescription;
}

async function firstFrame(pc: RTCPeerConnection, t0: number): Promise<number> {
  const deadline = t0 + 20_000;
  while (performance.now() < deadline) {
    const report = await pc.getStats();
    for (const stat of report.values() as IterableIterator<Record<string, unknown>>)
      if (
        stat['type'] === 'inbound-rtp' &&
        stat['kind'] === 'video' &&
        Number(stat['framesDecoded'] ?? 0) > 0
      )
        return performance.now() - t0;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no video frame within 20 s');
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => {
        reject(new Error(`timeout after ${String(ms)} ms`));
      }, ms),
    ),
  ]);
}
