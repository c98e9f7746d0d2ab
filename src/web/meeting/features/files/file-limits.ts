/**
 * File transfer limits and tuning, with their reasons. Files are held in memory on both
 * sides (the receiver keeps the chunks until the person saves the file; the SHA-256 needs
 * the whole file), so the limits keep a phone's tab alive.
 */
export interface FileLimits {
  /** Largest file sent peer to peer (bytes): 100 MiB fits a phone's tab twice over. */
  readonly maxBytes: number;
  /**
   * Largest file through the server's relay (SFU mode, no peer connection): at the relay's
   * pace (about 270 kB/s) 20 MiB take a minute and a half.
   */
  readonly maxRelayedBytes: number;
  /** Data-channel message size: 16 KiB crosses every browser pair unsplit. */
  readonly chunkBytes: number;
  /** Stop writing while this much is buffered in the channel... */
  readonly highWaterBytes: number;
  /** ...and go on when it drained to this (`bufferedAmountLowThreshold`). */
  readonly lowWaterBytes: number;
  /** Relay chunk: 11 KiB is 15 KB of base64, inside the server's 16 KiB per `app` message. */
  readonly relayChunkBytes: number;
  /**
   * Relay messages per second for all transfers together; the server allows 50 per
   * connection, the rest is left for chat, media state, pings and SFU messages.
   */
  readonly relayMessagesPerSecond: number;
  /** Relay chunks sent ahead of the receiver's acknowledgement (flow control). */
  readonly relayWindow: number;
  /** The receiver acknowledges every this many chunks (and the last one). */
  readonly relayAckEvery: number;
  /** Without an acknowledgement for this long, the sender goes back to the last one. */
  readonly relayRetryMs: number;
}

export const DEFAULT_FILE_LIMITS: FileLimits = {
  maxBytes: 100 * 1024 * 1024,
  maxRelayedBytes: 20 * 1024 * 1024,
  chunkBytes: 16 * 1024,
  highWaterBytes: 1024 * 1024,
  lowWaterBytes: 256 * 1024,
  relayChunkBytes: 11 * 1024,
  relayMessagesPerSecond: 25,
  relayWindow: 24,
  relayAckEvery: 4,
  relayRetryMs: 3000,
};
