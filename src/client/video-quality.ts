import type { VideoQuality } from '../protocol/mesh-video.js';

// How hard each camera sender may push, by meeting size: one table, shared with the
// connection doctor (its upload verdict), in the protocol layer.
export { VIDEO_QUALITY_STEPS, videoQualityFor, type VideoQuality } from '../protocol/mesh-video.js';

/** The encoding parameters for a sender whose track is `trackHeight` pixels high. */
export function encodingFor(
  quality: VideoQuality,
  trackHeight: number | undefined,
): RTCRtpEncodingParameters {
  const scale = trackHeight === undefined ? 1 : Math.max(1, trackHeight / quality.maxHeight);
  return {
    ...(quality.active === undefined ? {} : { active: quality.active }),
    maxBitrate: quality.maxBitrate,
    maxFramerate: quality.maxFramerate,
    scaleResolutionDownBy: Math.round(scale * 100) / 100,
  };
}
