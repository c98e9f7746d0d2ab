// What the network benchmark reads on every page: per connection, the selected pair's UDP
// ports (to tell which connections cross the impaired participant's link) and the
// cumulative receive counters a person's experience is computed from.
import type { LinkCounters } from './types.js';

type Stat = Record<string, unknown>;

const played = new WeakSet<MediaStreamTrack>();

/** Plays every remote audio track once; returns how many play now in total. */
export function playRemoteAudio(connections: ReadonlyMap<string, RTCPeerConnection>): number {
  let playing = 0;
  for (const pc of connections.values())
    for (const receiver of pc.getReceivers()) {
      const track = receiver.track;
      if (track.kind !== 'audio' || track.readyState !== 'live') continue;
      playing++;
      if (played.has(track)) continue;
      played.add(track);
      const element = new Audio();
      element.srcObject = new MediaStream([track]);
      void element.play();
    }
  return playing;
}

export async function linkCounters(
  connections: ReadonlyMap<string, RTCPeerConnection>,
): Promise<LinkCounters[]> {
  const out: LinkCounters[] = [];
  for (const [remoteId, pc] of connections) {
    if (pc.connectionState === 'closed') continue;
    const report = await pc.getStats();
    out.push(countersOf(remoteId, [...(report.values() as IterableIterator<Stat>)]));
  }
  return out;
}

function countersOf(remoteId: string, stats: readonly Stat[]): LinkCounters {
  const byId = new Map(stats.map((s) => [String(s['id']), s]));
  const pair = selectedPair(stats, byId);
  const local = pair === undefined ? undefined : byId.get(String(pair['localCandidateId']));
  const remote = pair === undefined ? undefined : byId.get(String(pair['remoteCandidateId']));
  const video = stats.find((s) => s['type'] === 'inbound-rtp' && s['kind'] === 'video');
  const audio = stats.find((s) => s['type'] === 'inbound-rtp' && s['kind'] === 'audio');
  const num = (s: Stat, key: string): number => Number(s[key] ?? 0);
  return {
    remoteId,
    localPort: local === undefined ? null : num(local, 'port'),
    remotePort: remote === undefined ? null : num(remote, 'port'),
    protocol: local === undefined ? null : String(local['protocol']),
    video:
      video === undefined
        ? null
        : {
            framesDecoded: num(video, 'framesDecoded'),
            freezeCount: num(video, 'freezeCount'),
            totalFreezesDuration: num(video, 'totalFreezesDuration'),
            frameHeight: num(video, 'frameHeight'),
            packetsReceived: num(video, 'packetsReceived'),
            packetsLost: num(video, 'packetsLost'),
          },
    audio:
      audio === undefined
        ? null
        : {
            concealedSamples: num(audio, 'concealedSamples'),
            totalSamplesReceived: num(audio, 'totalSamplesReceived'),
            packetsReceived: num(audio, 'packetsReceived'),
            packetsLost: num(audio, 'packetsLost'),
          },
  };
}

function selectedPair(stats: readonly Stat[], byId: ReadonlyMap<string, Stat>): Stat | undefined {
  const transport = stats.find((s) => s['type'] === 'transport' && s['selectedCandidatePairId']);
  if (transport !== undefined) return byId.get(String(transport['selectedCandidatePairId']));
  return stats.find((s) => s['type'] === 'candidate-pair' && s['nominated'] === true);
}
