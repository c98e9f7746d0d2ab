import type { MessageKey } from '../i18n/i18n.js';
import type { MediaProblem } from '../media/media-errors.js';

/** The sentence the pre-join page shows for a device problem. */
export const PROBLEM_TEXT: Readonly<Record<MediaProblem, MessageKey>> = {
  insecure: 'media.insecure',
  denied: 'media.denied',
  'camera-denied': 'media.cameraDenied',
  'no-devices': 'media.noDevices',
  'no-camera': 'media.noCamera',
  'no-microphone': 'media.noMicrophone',
  busy: 'media.busy',
  failed: 'media.failed',
};
