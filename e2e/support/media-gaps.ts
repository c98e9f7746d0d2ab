// The longest silence and the longest freeze of every remote participant a page shows,
// measured in the page while a call switches its media path (make before break: the issue
// asks for audio gaps under 1 s and video gaps under 2 s). Works in Chromium and Firefox,
// on the web app's own elements, whatever connection carries the media:
// - video: every frame the participant's camera tile presents (requestVideoFrameCallback);
// - audio: the RTP source of the track the participant's <audio> element plays, sampled
//   every 50 ms: its RTP timestamp moves while packets arrive (loudness would not do:
//   Chromium's fake microphone beeps with silences in between).
import type { PageScripts } from './browser-page.js';

export interface MediaGap {
  readonly id: string;
  readonly name: string;
  /** Longest time the participant's audio did not move (ms, 50 ms resolution). */
  readonly audioGapMs: number;
  /** Longest time between two presented frames of the participant's camera tile (ms). */
  readonly videoGapMs: number;
  readonly videoFrames: number;
  /** The page's longest pause between two 50 ms audio samples (a busy main thread). */
  readonly samplerStallMs: number;
  /** Times the <audio> element's source changed (the media path did). */
  readonly audioSwaps: number;
}

interface GapMeter {
  start: number;
  stop: number | null;
  ids: Set<string>;
  audio: Map<string, { last: number; max: number; track: unknown; swaps: number }>;
  lastSample: number;
  maxStall: number;
  video: Map<string, { last: number; max: number; frames: number; presented: number }>;
  names: Map<string, string>;
  timer: ReturnType<typeof setInterval>;
}

declare global {
  interface Window {
    confabGapMeter?: GapMeter;
  }
}

/**
 * Starts measuring the participants the page shows now (later arrivals are not counted:
 * they have nothing to lose); an earlier window is replaced. Needs the page's connections
 * recorded (recordPeerConnections, as every page of e2e/support does).
 */
export async function startGapWindow(page: PageScripts): Promise<void> {
  await page.evaluate(() => {
    const previous = window.confabGapMeter;
    if (previous !== undefined) clearInterval(previous.timer);
    const start = performance.now();
    const tiles = [
      ...document.querySelectorAll<HTMLElement>('[data-peer-id][data-source="camera"]'),
    ];
    const meter: GapMeter = {
      start,
      stop: null,
      ids: new Set(tiles.map((tile) => tile.dataset['peerId'] ?? '')),
      audio: new Map(),
      video: new Map(),
      lastSample: start,
      maxStall: 0,
      names: new Map(
        tiles.map((t) => [t.dataset['peerId'] ?? '', t.getAttribute('aria-label') ?? '']),
      ),
      timer: setInterval(() => {
        sampleAudio();
      }, 50),
    };
    window.confabGapMeter = meter;
    const receiverOf = (track: MediaStreamTrack): RTCRtpReceiver | undefined => {
      for (const pc of window.confabTestPeerConnections ?? []) {
        if (pc.signalingState === 'closed') continue;
        const receiver = pc.getReceivers().find((r) => r.track === track);
        if (receiver !== undefined) return receiver;
      }
      return undefined;
    };
    const sampleAudio = (): void => {
      if (meter.stop !== null) return;
      const now = performance.now();
      meter.maxStall = Math.max(meter.maxStall, now - meter.lastSample);
      meter.lastSample = now;
      for (const id of meter.ids) {
        const audio = document.querySelector<HTMLAudioElement>(`audio[data-peer-id="${id}"]`);
        const stream = audio?.srcObject instanceof MediaStream ? audio.srcObject : null;
        const track = stream?.getAudioTracks()[0];
        const source =
          track === undefined ? undefined : receiverOf(track)?.getSynchronizationSources()[0];
        const state = meter.audio.get(id) ?? { last: start, max: 0, track, swaps: 0 };
        if (state.track !== track) {
          state.track = track;
          state.swaps++;
        }
        if (audio !== null && !audio.paused && source !== undefined) {
          // When the source's last audio frame was delivered (by the media threads: a busy
          // main thread samples late, but that does not make the audio late).
          state.last = Math.max(
            state.last,
            source.timestamp > now + 1e6
              ? source.timestamp - performance.timeOrigin
              : source.timestamp,
          );
        }
        state.max = Math.max(state.max, now - state.last);
        meter.audio.set(id, state);
      }
    };
    for (const tile of tiles) {
      const id = tile.dataset['peerId'] ?? '';
      const video = tile.querySelector('video');
      if (video === null) continue;
      const state = { last: start, max: 0, frames: 0, presented: -1 };
      meter.video.set(id, state);
      const onFrame = (now: number, frame: VideoFrameCallbackMetadata): void => {
        if (window.confabGapMeter !== meter || meter.stop !== null) return;
        // The compositor presents frames without the main thread: after a busy spell one
        // callback reports several frames, presented at about even intervals meanwhile.
        const at = frame.presentationTime > 0 ? frame.presentationTime : now;
        const frames = state.presented < 0 ? 1 : frame.presentedFrames - state.presented;
        state.max = Math.max(state.max, (at - state.last) / Math.max(1, frames));
        state.last = at;
        state.presented = frame.presentedFrames;
        state.frames += Math.max(1, frames);
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    }
  });
}

/** Ends the window: each participant's longest gaps (a gap still open at the end counts). */
export async function endGapWindow(page: PageScripts): Promise<MediaGap[]> {
  return page.evaluate(() => {
    const meter = window.confabGapMeter;
    if (meter === undefined) throw new Error('no gap window');
    const stop = meter.stop ?? performance.now();
    meter.stop = stop;
    clearInterval(meter.timer);
    return [...meter.ids].map((id) => {
      const audio = meter.audio.get(id);
      const video = meter.video.get(id);
      return {
        id,
        name: meter.names.get(id) ?? '',
        audioGapMs: Math.round(Math.max(audio?.max ?? 0, stop - (audio?.last ?? meter.start))),
        videoGapMs: Math.round(Math.max(video?.max ?? 0, stop - (video?.last ?? meter.start))),
        videoFrames: video?.frames ?? 0,
        samplerStallMs: Math.round(meter.maxStall),
        audioSwaps: audio?.swaps ?? 0,
      };
    });
  });
}
