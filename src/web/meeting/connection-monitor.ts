import type { Call, ConnectionStats } from '../../client/index.js';
import { t } from '../ui/localize.js';
import { connectionHint, hasTurnServer } from './connection-hint.js';
import { connectionSummary } from './connection-summary.js';
import { signalLevel, type SignalLevel } from './signal-level.js';
import type { RemoteParticipant } from './remote-participant.js';
import type { BadgeView } from './tile.js';

/** How often each connection's stats are read for its badge. */
export const STATS_INTERVAL_MS = 2000;

interface Reading {
  readonly stats: ConnectionStats | null;
  readonly bitrate: number | null;
  readonly level: SignalLevel | null;
}

/**
 * Reads what carries each participant (`call.connectionStats`) on a timer and turns it
 * into the badge of its tile: candidate pair, protocol, RTT, incoming bitrate and a hint
 * when something is off. The only caller of `connectionStats`: it measures the bitrate
 * between two of its readings.
 */
export class ConnectionMonitor {
  readonly #call: Call;
  readonly #participants: () => Iterable<RemoteParticipant>;
  readonly #onUpdate: () => void;
  readonly #readings = new Map<string, Reading>();
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(call: Call, participants: () => Iterable<RemoteParticipant>, onUpdate: () => void) {
    this.#call = call;
    this.#participants = participants;
    this.#onUpdate = onUpdate;
    this.#timer = setInterval(() => void this.#tick(), STATS_INTERVAL_MS);
  }

  /** The badge line for the participants list ('' until known). */
  summary(id: string): string {
    const reading = this.#readings.get(id);
    const stats = reading?.stats ?? null;
    return stats === null ? '' : connectionSummary(stats, reading?.bitrate ?? null);
  }

  /** Re-draws one badge now (after a state change), from the last reading. */
  refresh(participant: RemoteParticipant): void {
    participant.tile.setBadge(this.#badge(participant, this.#readings.get(participant.id)));
  }

  forget(id: string): void {
    this.#readings.delete(id);
  }

  dispose(): void {
    clearInterval(this.#timer);
  }

  async #tick(): Promise<void> {
    const participants = [...this.#participants()];
    await Promise.all(participants.map((participant) => this.#read(participant)));
    for (const participant of participants) this.refresh(participant);
    this.#onUpdate();
  }

  async #read(participant: RemoteParticipant): Promise<void> {
    const stats = await this.#call.connectionStats(participant.id);
    const previous = this.#readings.get(participant.id)?.stats ?? null;
    const level = signalLevel(previous, stats, participant.media?.video ?? false);
    this.#readings.set(participant.id, { stats, bitrate: stats?.bitrate ?? null, level });
  }

  #badge(participant: RemoteParticipant, reading: Reading | undefined): BadgeView {
    const stats = reading?.stats ?? null;
    const bitrate = reading?.bitrate ?? null;
    const media = participant.media;
    const hint = connectionHint({
      state: participant.state,
      failure: participant.failure,
      stats,
      bitrate,
      turnConfigured: hasTurnServer(this.#call.iceServers),
      expectsMedia: media !== null && (media.audio || media.video),
      connectingForMs: Date.now() - participant.stateSince,
      everConnected: participant.everConnected,
    });
    const connected = participant.state === 'connected';
    return {
      level: connected ? (reading?.level ?? null) : null,
      summary: connected && stats !== null ? connectionSummary(stats, bitrate) : '',
      details:
        stats === null
          ? ''
          : t('badge.details', {
              local: stats.localType ?? '?',
              remote: stats.remoteType ?? '?',
              protocol: stats.protocol ?? '?',
            }),
      quality: hint?.severity ?? (connected ? 'good' : 'pending'),
      hint:
        hint === null
          ? null
          : { key: hint.key, ...(hint.params === undefined ? {} : { params: hint.params }) },
    };
  }
}
