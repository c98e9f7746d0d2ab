/** Round trip over an open data channel whose far end echoes strings: median of `count`. */
export async function measureRtt(channel: RTCDataChannel, count: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const token = `ping-${String(i)}`;
    const sentAt = performance.now();
    const echoed = new Promise<void>((resolve) => {
      const onMessage = (event: MessageEvent<unknown>): void => {
        if (event.data !== token) return;
        channel.removeEventListener('message', onMessage);
        resolve();
      };
      channel.addEventListener('message', onMessage);
    });
    channel.send(token);
    await echoed;
    samples.push(performance.now() - sentAt);
  }
  samples.sort((x, y) => x - y);
  return Math.round((samples[Math.floor(samples.length / 2)] ?? 0) * 10) / 10;
}

const CHUNK_BYTES = 16 * 1024;
/** Default measuring window: a slow uplink is told within it, not after its whole payload. */
export const THROUGHPUT_WINDOW_MS = 3000;

/**
 * Sends up to `totalBytes` in 16 KiB chunks with backpressure; the far end (in this same
 * page) counts what arrives. Throughput in Mbit/s from the first byte sent until all of it
 * arrived, or what arrived within `windowMs` when that comes first (a 0.4 Mbit/s uplink
 * would take 20 s for 1 MiB).
 */
export async function measureThroughput(
  channel: RTCDataChannel,
  far: RTCDataChannel,
  totalBytes: number,
  windowMs: number = THROUGHPUT_WINDOW_MS,
): Promise<number> {
  channel.binaryType = 'arraybuffer';
  far.binaryType = 'arraybuffer';
  // Set from the far end's listener and the window's timer (an object: the loop reads it).
  const progress = { received: 0, finished: false };
  const done = (): boolean => progress.finished;
  const startedAt = performance.now();
  const result = new Promise<number>((resolve) => {
    const finish = (): void => {
      if (progress.finished) return;
      progress.finished = true;
      clearTimeout(deadline);
      const seconds = (performance.now() - startedAt) / 1000;
      resolve(Math.round(((progress.received * 8) / seconds / 1e6) * 100) / 100);
    };
    const deadline = setTimeout(finish, windowMs);
    far.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (!(event.data instanceof ArrayBuffer)) return;
      progress.received += event.data.byteLength;
      if (progress.received >= totalBytes) finish();
    });
  });
  channel.bufferedAmountLowThreshold = 4 * CHUNK_BYTES;
  const chunk = new ArrayBuffer(CHUNK_BYTES);
  for (let sent = 0; sent < totalBytes && !done(); sent += CHUNK_BYTES) {
    if (channel.bufferedAmount > 16 * CHUNK_BYTES) {
      await Promise.race([
        result,
        new Promise<void>((resolve) => {
          channel.addEventListener(
            'bufferedamountlow',
            () => {
              resolve();
            },
            { once: true },
          );
        }),
      ]);
      if (done()) break;
    }
    channel.send(chunk);
  }
  return result;
}

export interface PairEnd {
  readonly candidateType: string | null;
  readonly relayProtocol: string | null;
  readonly address: string | null;
}

/** The selected candidate pair of `pc` from `getStats()` (local and remote ends). */
export async function selectedPair(
  pc: RTCPeerConnection,
): Promise<{ local: PairEnd | null; remote: PairEnd | null }> {
  const stats = await pc.getStats();
  const byId = new Map<string, Record<string, unknown>>();
  stats.forEach((value: Record<string, unknown>) => {
    byId.set(String(value['id']), value);
  });
  let pairId: string | null = null;
  for (const value of byId.values()) {
    if (value['type'] === 'transport' && typeof value['selectedCandidatePairId'] === 'string') {
      pairId = value['selectedCandidatePairId'];
    }
  }
  const pair = pairId === null ? undefined : byId.get(pairId);
  const end = (id: unknown): PairEnd | null => {
    const candidate = typeof id === 'string' ? byId.get(id) : undefined;
    if (candidate === undefined) return null;
    const str = (key: string): string | null => {
      const value = candidate[key];
      return typeof value === 'string' ? value : null;
    };
    return {
      candidateType: str('candidateType'),
      relayProtocol: str('relayProtocol'),
      address: str('address'),
    };
  };
  return { local: end(pair?.['localCandidateId']), remote: end(pair?.['remoteCandidateId']) };
}
