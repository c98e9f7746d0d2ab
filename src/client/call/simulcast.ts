/**
 * The camera's simulcast layers for the SFU, highest first: Janus reads the rids in SDP
 * order as high → low (what janus.js sends), so substream 2 is `h`, 0 is `l`. Browsers
 * write the rids in the order of `sendEncodings`.
 *
 * Budgets for a 2-core machine: the top layer is what a large tile needs, the middle
 * one a medium tile, the bottom one a thumbnail, still at 20 fps (motion looks smooth from
 * there; a thumbnail's pixels cost little). Chromium drops the layers a small capture
 * cannot fill (two layers at 640×480; three from 720p up).
 */
export const CAMERA_LAYERS: readonly RTCRtpEncodingParameters[] = [
  { rid: 'h', scaleResolutionDownBy: 1, maxBitrate: 800_000, maxFramerate: 24 },
  { rid: 'm', scaleResolutionDownBy: 2, maxBitrate: 300_000, maxFramerate: 24 },
  { rid: 'l', scaleResolutionDownBy: 4, maxBitrate: 100_000, maxFramerate: 20 },
];

/** A screen share is one layer: text must stay sharp, receivers always take it whole. */
export const SCREEN_ENCODING: RTCRtpEncodingParameters = { maxBitrate: 1_200_000 };
