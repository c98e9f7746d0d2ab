import type { MeetingFeature } from '../feature.js';
import { chatFeature } from './chat/chat-feature.js';
import { dataSaverFeature } from './data-saver/data-saver-feature.js';
import { devicesFeature } from './devices/devices-feature.js';
import { filesFeature } from './files/files-feature.js';
import { handFeature } from './hand/hand-feature.js';
import { hostFeature } from './host/host-feature.js';
import { inviteFeature } from './invite/invite-feature.js';
import { layoutFeature } from './layout/layout-feature.js';
import { pipFeature } from './pip/pip-feature.js';
import { reactionsFeature } from './reactions/reactions-feature.js';
import { recordingFeature } from './recording/recording-feature.js';
import { screenShareFeature } from './screen-share/screen-share-feature.js';

/**
 * What a meeting does beyond its core (own tile and devices, others' tiles, banners,
 * badges, participants list, leaving). One line per feature; each lives in its folder.
 * Mounted in this order (the layout first, so that it sees every tile added later).
 */
export const FEATURES: readonly MeetingFeature[] = [
  layoutFeature,
  screenShareFeature,
  handFeature,
  reactionsFeature,
  inviteFeature,
  chatFeature,
  filesFeature,
  devicesFeature,
  pipFeature,
  recordingFeature,
  dataSaverFeature,
  hostFeature,
];
